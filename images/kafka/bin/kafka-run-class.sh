#!/bin/sh
# Runs a Kafka main class from $KAFKA_HOME/libs, as the distribution's kafka-run-class.sh does for the
# tools: KAFKA_HEAP_OPTS (default 256 MB) and KAFKA_OPTS as upstream reads them; logging to stderr at WARN
# (3.9 reads the log4j 1 file, 4.x the log4j 2 one; each ignores the other's property). Without a logging
# config Kafka's tools print nothing at all or everything (docs/design.md).
KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
main=$1
shift
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dlog4j.configuration=file:/opt/kafka/tools/log4j.properties \
  -Dlog4j2.configurationFile=file:/opt/kafka/tools/log4j2.properties \
  ${KAFKA_OPTS} -cp "$KAFKA_HOME/libs/*" "$main" "$@"
