/**
 * Connectivity check and port sweep for commissioning: structured, JSON-able reports.
 */
export { checkConnectivity, failedStageName, type ConnectivityCheckOptions } from './connectivity-check';
export type {
  ConnectAttempt,
  ConnectOutcome,
  ConnectSection,
  ConnectivityReport,
  ConnectivityTarget,
  Diagnosis,
  DnsSection,
  FailureStage,
  ProtocolProbeContext,
  ProtocolProbeResult,
  ProtocolProber,
  ProtocolSection,
  ProtocolStep,
  TargetTls,
  TlsSection,
} from './connectivity-report';
export {  type DiagnosisContext } from './diagnosis';
export {
  
  sweepPorts,
  type PortSweepOptions,
  type PortSweepReport,
  type SweepPort,
  type SweptPort,
} from './port-sweep';
