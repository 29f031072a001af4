/**
 * Where the mini-program finds its backend: the one place to change when moving between the
 * local cloud (npm start) and a real CloudBase env. See docs/miniprogram.md.
 */
export type Mode = 'local' | 'cloud';

export type AppConfig = {
  /** 'local': wx.request to the local gateway; 'cloud': wx.cloud.callFunction. */
  mode: Mode;
  /** CloudBase env id, used in cloud mode only. */
  envId: string;
  /** The local gateway (npm start). Real devices need the computer's LAN address here. */
  localBaseUrl: string;
  /** Identity used in local mode until one is picked in the dev switcher. */
  defaultDevOpenid: string;
  /** How long a call may take before it is reported as TIMEOUT. */
  timeoutMs: number;
};

// Mutable on purpose: tests flip the mode; production code only reads it.
export const config: AppConfig = {
  mode: 'local',
  envId: 'your-env-id',
  localBaseUrl: 'http://127.0.0.1:3210',
  defaultDevOpenid: 'demo-member-b01',
  timeoutMs: 10000,
};
