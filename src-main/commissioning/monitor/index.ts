/**
 * The passive monitor: watch a live master<->outstation link without taking part, as a
 * transparent TCP relay (`relay-monitor.ts`) or by reading a live capture stream
 * (`pcap-stream-monitor.ts`). Nothing of its own is ever sent.
 */
export { formatHostPort, parseHostPort, type HostPort, type HostPortResult } from '../../../src-shared/monitor-address';
export { protocolByPort, type MonitorProtocol } from './monitor-protocol';
export { monitorCaptureStream, type CaptureMonitorSink, type CaptureMonitorSummary } from './pcap-stream-monitor';
export { startRelayMonitor, type MonitorSink, type MonitorStartError, type RelayMonitor, type RelayMonitorOptions } from './relay-monitor';
export { MonitorService } from './monitor-service';
