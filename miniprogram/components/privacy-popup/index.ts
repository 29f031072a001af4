/**
 * The platform's privacy authorization (用户隐私保护指引), asked where an API needs it: the first
 * call of a privacy API (location, photos, the camera's scan, files, clipboard) before the member
 * agreed makes WeChat fire wx.onNeedPrivacyAuthorization and hold the call; this shows why, links
 * the guide, and answers with agree (the native agree button, as WeChat checks it was tapped) or
 * disagree — so a first call never fails silently. Put `<privacy-popup />` on every page that
 * calls such an API; the listener is (re)registered whenever the page shows, since WeChat keeps
 * one. developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/PrivacyAuthorize.html
 */
type Resolve = (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;

/** What the held call is for, by the API WeChat names (eventInfo.referrer). */
const PURPOSES: Record<string, string> = {
  getLocation: '确认您在活动现场（只保存是否在签到范围内）',
  chooseMedia: '选择或拍摄佐证照片',
  chooseImage: '选择或拍摄佐证照片',
  scanCode: '扫描签到码或邀请二维码',
  getClipboardData: '读取剪贴板中的邀请码',
  setClipboardData: '复制取货码或链接',
  openDocument: '打开导出的表格',
  downloadFile: '下载导出的表格',
  saveImageToPhotosAlbum: '保存二维码图片',
};

export function purposeOf(referrer: string): string {
  const key = Object.keys(PURPOSES).find((k) => referrer.includes(k));
  return key ? PURPOSES[key] : '使用该功能';
}

Component({
  options: { addGlobalClass: true },
  data: { visible: false, purpose: '' },
  lifetimes: {
    attached() {
      (this as unknown as { listen(): void }).listen();
    },
  },
  pageLifetimes: {
    show() {
      (this as unknown as { listen(): void }).listen();
    },
  },
  methods: {
    listen() {
      if (typeof wx.onNeedPrivacyAuthorization !== 'function') return;
      const self = this as unknown as { resolve: Resolve | null; setData(d: Record<string, unknown>): void };
      // the typings give the listener one argument; the platform passes (resolve, eventInfo)
      const on = wx.onNeedPrivacyAuthorization as unknown as (f: (resolve: Resolve, info?: { referrer?: string }) => void) => void;
      on((resolve, eventInfo) => {
        self.resolve = resolve;
        self.setData({ visible: true, purpose: purposeOf(eventInfo?.referrer ?? '') });
        resolve({ event: 'exposureAuthorization' });
      });
    },
    answer(event: 'agree' | 'disagree') {
      const self = this as unknown as { resolve: Resolve | null; setData(d: Record<string, unknown>): void };
      const resolve = self.resolve;
      self.resolve = null;
      self.setData({ visible: false });
      if (resolve) resolve(event === 'agree' ? { buttonId: 'agree-btn', event: 'agree' } : { event: 'disagree' });
    },
    onAgree() {
      (this as unknown as { answer(e: 'agree'): void }).answer('agree');
    },
    onDisagree() {
      (this as unknown as { answer(e: 'disagree'): void }).answer('disagree');
      wx.showToast({ title: '未同意，该功能暂时无法使用', icon: 'none' });
    },
    onGuide() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },
  },
});
