// Placeholder until the curated rules land (images/kafka/jmx-exporter.yaml is being measured).
export const JMX_EXPORTER_RULES = 'lowercaseOutputName: true\n';
