// The preload: the page's only door to main. It exposes one frozen object with `invoke` and
// `on`, refuses channel names outside the contract, and never hands the page ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannelName, isEventChannel } from '../../shared/channels';
import type { ParleyBridge } from '../../shared/contract';

const bridge = {
  invoke(channel, input) {
    if (!isChannelName(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `Unknown channel “${String(channel)}”.` },
      });
    }
    // Main answers with the result as JSON text (see main/electron/ipc.ts).
    return ipcRenderer.invoke(channel, input).then((json: string) => JSON.parse(json));
  },
  on(event, listener) {
    if (!isEventChannel(event)) throw new Error(`Unknown event “${String(event)}”.`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
} satisfies ParleyBridge;

contextBridge.exposeInMainWorld('parley', Object.freeze(bridge));
