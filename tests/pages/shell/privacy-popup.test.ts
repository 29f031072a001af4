import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { demoMember, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { catalog } from '../points/support';

// WeChat holds a privacy API's first call (location, photos, scan, files, clipboard) and fires
// wx.onNeedPrivacyAuthorization; the page must ask and answer, or the call fails silently.
type Resolve = jest.Mock<(r: { event: string; buttonId?: string }) => void>;
type Listener = (resolve: (r: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void;
let listener: Listener | null = null;

beforeEach(() => {
  resetWx();
  listener = null;
  Object.assign(wx, { onNeedPrivacyAuthorization: jest.fn((f: Listener) => (listener = f)) });
});

const claimPage = () => loadPage('pages/points/claim/index', { stub: { 'auth.me': ok(demoMember), 'points.rules.list': ok({ rules: catalog.filter((r) => r.trigger === 'claim') }) } });

describe('privacy authorization', () => {
  it('registers the listener on a page that uses photos, and says what the held call is for', async () => {
    const page = await claimPage();
    expect(listener).not.toBeNull();
    const resolve: Resolve = jest.fn();
    listener!(resolve, { referrer: 'chooseMedia' });
    await page.flush();
    expect(page.text()).toContain('为了选择或拍摄佐证照片，需要您先阅读并同意《红管家隐私保护指引》');
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });
  });

  it('lets the held call go on once the member agrees with the native agree button', async () => {
    const page = await claimPage();
    const resolve: Resolve = jest.fn();
    listener!(resolve, { referrer: 'chooseMedia' });
    await page.flush();
    page.find('#privacy >>> #agree-btn')!.dispatchEvent('agreeprivacyauthorization');
    await page.flush();
    expect(resolve).toHaveBeenLastCalledWith({ buttonId: 'agree-btn', event: 'agree' });
    expect(page.text()).not.toContain('隐私保护提示');
  });

  it('fails the held call when the member does not agree, and says the feature waits', async () => {
    const page = await claimPage();
    const resolve: Resolve = jest.fn();
    listener!(resolve, { referrer: 'getLocation' });
    await page.flush();
    expect(page.text()).toContain('确认您在活动现场');
    await page.tap('#privacy >>> #disagree-btn');
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '未同意，该功能暂时无法使用', icon: 'none' });
  });

  it('opens the privacy guide from the prompt', async () => {
    const page = await claimPage();
    listener!(jest.fn(), { referrer: 'scanCode' });
    await page.flush();
    await page.tap('#privacy >>> .privacy-popup__guide');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/privacy/index' });
  });
});
