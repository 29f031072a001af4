import type { ConsoleScanResult } from '../../../../core/contracts/auth';
import { confirmConsoleLogin, consoleSessions, revokeConsoleSession, scanConsoleLogin } from '../../../services/console';

type SessionRow = { sessionId: string; browser: string; since: string; until: string };

const hhmm = (d: Date | string): string => {
  const t = new Date(d);
  return `${t.getMonth() + 1}月${t.getDate()}日 ${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
};

/**
 * 管理后台登录: scan the console's QR (or open this page from its 小程序码, scene = the request id),
 * see which browser asks, confirm; and the member's signed-in consoles, each revocable.
 * Only staff reach it (the server refuses a member with FORBIDDEN).
 */
Component({
  data: {
    pending: null as ConsoleScanResult | null,
    busy: false,
    message: '',
    sessions: [] as SessionRow[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = query.scene ? decodeURIComponent(query.scene) : query.requestId;
      if (id) void this.inspect(id);
      void this.loadSessions();
    },
    async loadSessions() {
      const r = await consoleSessions();
      if (r.ok) this.setData({ sessions: r.data.sessions.map((s) => ({ sessionId: s.sessionId, browser: s.browser, since: hhmm(s.confirmedAt), until: hhmm(s.expiresAt) })) });
    },
    async inspect(scanned: string) {
      const r = await scanConsoleLogin(scanned);
      if (!r.ok) return this.setData({ pending: null, message: r.code === 'INVALID_INPUT' ? '这不是管理后台的登录二维码' : r.message });
      this.setData({ pending: r.data, message: '' });
    },
    onScan() {
      wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'], success: (r) => void this.inspect(r.result) });
    },
    async onConfirm() {
      const p = this.data.pending;
      if (!p || this.data.busy) return;
      this.setData({ busy: true });
      const r = await confirmConsoleLogin(p.requestId);
      this.setData({ busy: false, pending: null, message: r.ok ? `已登录：${r.data.browser}` : r.message });
      if (r.ok) void this.loadSessions();
    },
    onCancel() {
      this.setData({ pending: null, message: '已取消' });
    },
    onRevoke(e: { currentTarget: { dataset: { id: string } } }) {
      const id = e.currentTarget.dataset.id;
      wx.showModal({
        title: '退出登录',
        content: '让这台电脑退出管理后台？',
        confirmText: '退出',
        success: async (res) => {
          if (!res.confirm) return;
          const r = await revokeConsoleSession(id);
          if (!r.ok) wx.showToast({ title: r.message, icon: 'none' });
          void this.loadSessions();
        },
      });
    },
  },
});
