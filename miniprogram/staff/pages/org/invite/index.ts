import { envVersion } from '../../../../config';
import { inviteCode } from '../../../../services/org';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';

/**
 * 绑定邀请码: the branch's invite code as a 小程序码 (org.invite: wxacode.getUnlimited, scene =
 * the code; WeChat's 扫一扫 opens 绑定党员身份 with it filled in) and in large letters, for members
 * to bind; without the image (WeChat refused it) the fallback QR of `HGJBIND:<code>` is drawn
 * (TDesign t-qrcode), which the binding page's own scan reads. 换一个邀请码 rotates it (audited).
 */
Component({
  data: {
    view: LOADING as ViewState,
    branchId: '',
    branchName: '',
    code: '',
    qrText: '',
    /** The 小程序码 as a data URL; '' shows the fallback QR. */
    image: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ branchId: query.branchId ?? '' });
      void this.load(false);
    },
    async load(rotate: boolean) {
      if (!rotate) this.setData({ view: LOADING });
      const r = await inviteCode(this.data.branchId, rotate, envVersion());
      if (!r.ok) {
        if (rotate) wx.showToast({ title: r.message, icon: 'none' });
        else this.setData({ view: errorView(r) });
        return;
      }
      this.setData({ view: READY, branchName: r.data.branchName, code: r.data.inviteCode, qrText: r.data.qrText, image: r.data.image ?? '' });
    },
    onRotate() {
      if (this.data.busy) return;
      wx.showModal({
        title: '更换邀请码',
        content: '更换后旧邀请码和旧二维码立即失效，确定更换？',
        confirmText: '更换',
        success: async (res) => {
          if (!res.confirm) return;
          this.setData({ busy: true });
          await this.load(true);
          this.setData({ busy: false });
        },
      });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load(false);
    },
  },
});
