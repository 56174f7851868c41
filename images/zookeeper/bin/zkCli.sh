#!/bin/sh
# ZooKeeper's command-line client from the server's jars. CLIENT_JVMFLAGS as upstream's zkCli.sh reads it.
exec java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dlogback.configurationFile=/opt/zookeeper/cli/logback.xml ${CLIENT_JVMFLAGS} \
  -cp '/opt/zookeeper/lib/*' org.apache.zookeeper.ZooKeeperMain "$@"
