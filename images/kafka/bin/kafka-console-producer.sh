#!/bin/sh
# Kafka's kafka-console-producer.sh. The class moved from core (Scala) to the tools in 4.0: it is picked
# by the line of Kafka in libs/.
main=org.apache.kafka.tools.ConsoleProducer
for jar in "${KAFKA_HOME:-/opt/kafka}"/libs/kafka_2.13-3.*.jar; do
  if [ -e "$jar" ]; then main=kafka.tools.ConsoleProducer; fi
done
exec kafka-run-class.sh "$main" "$@"
