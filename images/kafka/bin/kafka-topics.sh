#!/bin/sh
# Kafka's kafka-topics.sh: TopicCommand from the broker's jars.
exec kafka-run-class.sh org.apache.kafka.tools.TopicCommand "$@"
