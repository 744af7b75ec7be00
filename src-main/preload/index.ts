/**
 * The sandboxed preload (built as CommonJS): exposes exactly the IPC contract on
 * `window.switchyard` through contextBridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CALL_NAMES, EVENT_NAMES } from '../../src-shared/ipc/contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('switchyard', createBridge(ipcRenderer, CALL_NAMES, EVENT_NAMES));
