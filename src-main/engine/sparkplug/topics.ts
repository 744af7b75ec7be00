/**
 * Sparkplug B topic names: `spBv1.0/<group>/<message type>/<edge node>[/<device>]`.
 */

/** The Sparkplug B namespace (first topic level). */
const NAMESPACE = 'spBv1.0';

/** Message types of an edge node and its devices. */
export type MessageType = 'NBIRTH' | 'NDEATH' | 'NDATA' | 'NCMD' | 'DBIRTH' | 'DDEATH' | 'DDATA' | 'DCMD';

/** The edge node's identity in the namespace. */
export interface NodeIds {
  groupId: string;
  edgeNodeId: string;
}

/** The topic of a message of the node (no device) or of one of its devices. */
export function topicOf(ids: NodeIds, type: MessageType, device?: string): string {
  const base = `${NAMESPACE}/${ids.groupId}/${type}/${ids.edgeNodeId}`;
  return device === undefined ? base : `${base}/${device}`;
}

/** The topics a node subscribes to: its NCMD and every device's DCMD. */
export function commandTopics(ids: NodeIds): string[] {
  return [topicOf(ids, 'NCMD'), `${topicOf(ids, 'DCMD')}/+`];
}

/** A command topic addressed to this node: NCMD, or DCMD with its device. */
export type CommandTopic = { type: 'NCMD' } | { type: 'DCMD'; device: string };

/** Parses a received topic as a command to this node; null for anything else. */
export function parseCommandTopic(ids: NodeIds, topic: string): CommandTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE || parts[1] !== ids.groupId || parts[3] !== ids.edgeNodeId) return null;
  if (parts[2] === 'NCMD' && parts.length === 4) return { type: 'NCMD' };
  if (parts[2] === 'DCMD' && parts.length === 5 && parts[4]) return { type: 'DCMD', device: parts[4] };
  return null;
}

/**
 * A station id as a Sparkplug device id: the characters MQTT reserves (`+`, `#`, `/`)
 * become `_`.
 */
export function deviceIdOf(station: string): string {
  return station.replace(/[+#/]/g, '_');
}
