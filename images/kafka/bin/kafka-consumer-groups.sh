#!/bin/sh
# Kafka's kafka-consumer-groups.sh.
exec kafka-run-class.sh org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
