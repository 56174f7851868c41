#!/bin/sh
# Kafka's kafka-metadata-quorum.sh (KRaft; a ZooKeeper-mode cluster has no quorum to describe).
exec kafka-run-class.sh org.apache.kafka.tools.MetadataQuorumCommand "$@"
