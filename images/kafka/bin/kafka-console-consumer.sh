#!/bin/sh
# Kafka's kafka-console-consumer.sh (the same class on 3.9 and 4.x).
exec kafka-run-class.sh org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
