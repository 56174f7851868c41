#!/bin/sh
# ZooKeeper's command-line client from the server's jars. CLIENT_JVMFLAGS as upstream's zkCli.sh reads it.
# In a pod with TLS (AGENT_TLS_DIR) there is no plaintext port: zk-agent writes client-tls.properties
# beside zoo.cfg (TLS with the pod's certificate), used here unless the caller names a
# -client-configuration of their own. So `zkCli.sh -server $(hostname -f):2281` works as it is.
tls_config="${ZK_CONF_DIR:-/opt/zookeeper/conf}/client-tls.properties"
case " $* " in
  *" -client-configuration "*) ;;
  *) if [ -f "$tls_config" ]; then set -- -client-configuration "$tls_config" "$@"; fi ;;
esac
exec java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dlogback.configurationFile=/opt/zookeeper/cli/logback.xml ${CLIENT_JVMFLAGS} \
  -cp '/opt/zookeeper/lib/*' org.apache.zookeeper.ZooKeeperMain "$@"
