import { bindMember } from '../../services/org';
import { loadMe } from '../../services/session';
import { codeFromScan, codeFromScanned, formProblem, type BindForm } from './form';

/**
 * 绑定党员身份: name + phone as on the roster + the branch invite code (scanned from the
 * secretary's QR, or typed) -> auth.bind. On success the session is refreshed and 首页 opens.
 * Opened from a QR with `?code=` (or a mini-program code `scene`), the code is filled in.
 */
Component({
  data: {
    form: { name: '', phone: '', code: '' } as BindForm,
    error: '',
    submitting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const raw = query.code ?? (query.scene ? decodeURIComponent(query.scene) : '');
      if (raw) this.setData({ 'form.code': codeFromScan(raw) || raw.toUpperCase() });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.name': e.detail.value, error: '' });
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.phone': e.detail.value, error: '' });
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.code': e.detail.value, error: '' });
    },
    onScan() {
      wx.scanCode({
        onlyFromCamera: false,
        // wxCode: the invite 小程序码 (its path carries the code as the scene); qrCode: the fallback QR
        scanType: ['wxCode', 'qrCode'],
        success: (r) => {
          const code = codeFromScanned(r);
          this.setData(code ? { 'form.code': code, error: '' } : { error: '这不是红管家的邀请二维码，请扫描支部书记出示的二维码' });
        },
      });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const f = this.data.form;
      const problem = formProblem(f);
      if (problem) {
        this.setData({ error: problem });
        return;
      }
      this.setData({ submitting: true, error: '' });
      const r = await bindMember({ name: f.name.trim(), phone: f.phone.trim(), inviteCode: f.code.trim() });
      if (!r.ok) {
        this.setData({ submitting: false, error: r.message });
        return;
      }
      await loadMe(true);
      this.setData({ submitting: false });
      wx.showToast({ title: `绑定成功，欢迎${r.data.name}`, icon: 'none' });
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
