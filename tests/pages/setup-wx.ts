/**
 * jest setupFiles for the pages project: the globals WeChat provides that miniprogram-simulate
 * does not (wx.cloud, getApp, getCurrentPages, App, Page), plus wx APIs the pages use, as jest
 * mocks. Runs before miniprogram-simulate is required, which then keeps these over its own
 * no-op stubs (it does Object.assign(itsApi, global.wx)).
 *
 * The backend calls (wx.request, wx.cloud.callFunction) refuse until a test installs a fake
 * backend with stubBackend() from ./harness: a page test never reaches a network by accident.
 */
import { jest } from '@jest/globals';

const storage = new Map<string, unknown>();

function unstubbed(api: string) {
  return () => {
    throw new Error(`${api} called with no backend stub: use stubBackend() or loadPage(path, { stub })`);
  };
}

// Navigation succeeds at once, as it does on a phone when the target page exists.
const navigation = () =>
  jest.fn((opts?: { success?: (r: { errMsg: string }) => void; complete?: () => void }) => {
    opts?.success?.({ errMsg: 'ok' });
    opts?.complete?.();
  });

const fakeWx = {
  cloud: {
    init: jest.fn(),
    callFunction: jest.fn(unstubbed('wx.cloud.callFunction')),
  },
  request: jest.fn(unstubbed('wx.request')),
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, value)),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
  clearStorageSync: jest.fn(() => storage.clear()),
  switchTab: navigation(),
  navigateTo: navigation(),
  redirectTo: navigation(),
  reLaunch: navigation(),
  navigateBack: navigation(),
  showToast: jest.fn(),
  hideToast: jest.fn(),
  showModal: jest.fn(),
  showLoading: jest.fn(),
  hideLoading: jest.fn(),
  stopPullDownRefresh: jest.fn(),
  setNavigationBarTitle: jest.fn(),
};

const g = globalThis as unknown as Record<string, unknown>;
g.wx = fakeWx;
// TDesign reads getApp() for its config; pages here keep no global state.
g.getApp = () => ({ globalData: {} });
g.getCurrentPages = () => [];
g.App = jest.fn();
g.Page = jest.fn();
