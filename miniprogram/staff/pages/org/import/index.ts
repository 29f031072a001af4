import { importRoster, uploadRoster } from '../../../../services/org';
import { reportView, type ReportView } from './report-view';

type Step = 'idle' | 'checking' | 'checked' | 'committing' | 'done';

/**
 * 导入花名册: choose an .xlsx/.csv from a WeChat chat (wx.chooseMessageFile), upload it, dry run
 * (files.roster.import dryRun: true) and show the per-row report; 确认导入 commits the good rows
 * (dryRun: false) and shows what was written. Re-importing the same file changes nothing.
 */
Component({
  data: {
    orgId: '',
    orgName: '',
    fileName: '',
    fileID: '',
    step: 'idle' as Step,
    busy: false,
    dryRun: true,
    report: null as ReportView | null,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '', orgName: decodeURIComponent(query.name ?? '') });
    },
    onChoose() {
      if (this.data.busy) return;
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: ['xlsx', 'csv'],
        success: (res) => {
          const f = res.tempFiles[0];
          if (f) void this.check(f.path, f.name);
        },
      });
    },
    async check(path: string, name: string) {
      if (!/\.(xlsx|csv)$/i.test(name)) return this.setData({ error: '请选择 .xlsx 或 .csv 文件' });
      this.setData({ fileName: name, fileID: '', report: null, error: '', step: 'checking', busy: true });
      const up = await uploadRoster(path, name);
      if (!up.ok) return this.setData({ error: up.message, step: 'idle', busy: false });
      const r = await importRoster(up.data.fileID, this.data.orgId, true);
      if (!r.ok) return this.setData({ error: r.message, step: 'idle', busy: false });
      this.setData({ fileID: up.data.fileID, report: reportView(r.data), dryRun: true, step: 'checked', busy: false });
    },
    onCommit() {
      if (this.data.busy || !this.data.fileID) return;
      wx.showModal({
        title: '确认导入',
        content: '将写入通过检查的行，有问题的行会跳过。确认导入？',
        confirmText: '导入',
        success: (res) => {
          if (res.confirm) void this.commit();
        },
      });
    },
    async commit() {
      this.setData({ step: 'committing', busy: true, error: '' });
      const r = await importRoster(this.data.fileID, this.data.orgId, false);
      if (!r.ok) return this.setData({ error: r.message, step: 'checked', busy: false });
      this.setData({ report: reportView(r.data), dryRun: false, step: 'done', busy: false });
      wx.showToast({ title: '导入完成', icon: 'none' });
    },
  },
});
