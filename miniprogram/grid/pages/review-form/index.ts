import { createReview } from '../../../services/grid';
import { newRequestId } from '../../../services/points';
import { BIND_URL } from '../../../utils/view-state';
import { KIND_OPTIONS, TAG_OPTIONS, tagLabel, type FindingTag, type ReviewKind } from '../../labels';

type Tag = FindingTag;
type Kind = ReviewKind;
type Draft = { n: number; tag: Tag; tagLabel: string; text: string; measure: string; deadline: string };

const today = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * 记录点评: the org reviewed (its id, below the reviewer's own), the kind (现场/随机/个别/交叉),
 * the date, and findings tagged 亮点/难点/热点/弱点; a problem may carry a 整改 measure with a
 * deadline (YYYY-MM-DD). The server refuses an org that is not below the reviewer.
 */
Component({
  data: {
    orgId: '',
    kinds: KIND_OPTIONS,
    kind: 'onsite' as Kind,
    date: '',
    tags: TAG_OPTIONS,
    tag: 'highlight' as Tag,
    text: '',
    measure: '',
    deadline: '',
    findings: [] as Draft[],
    requestId: '',
    busy: false,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '', date: today(), requestId: newRequestId() });
    },
    onOrg(e: { detail: { value: string } }) {
      this.setData({ orgId: e.detail.value });
    },
    onDate(e: { detail: { value: string } }) {
      this.setData({ date: e.detail.value });
    },
    onKind(e: { currentTarget: { dataset: { key: Kind } } }) {
      this.setData({ kind: e.currentTarget.dataset.key });
    },
    onTag(e: { currentTarget: { dataset: { key: Tag } } }) {
      this.setData({ tag: e.currentTarget.dataset.key });
    },
    onText(e: { detail: { value: string } }) {
      this.setData({ text: e.detail.value });
    },
    onMeasure(e: { detail: { value: string } }) {
      this.setData({ measure: e.detail.value });
    },
    onDeadline(e: { detail: { value: string } }) {
      this.setData({ deadline: e.detail.value });
    },
    onAddFinding() {
      const text = this.data.text.trim();
      const measure = this.data.measure.trim();
      if (!text) return this.setData({ error: '请填写点评内容' });
      if (measure && !/^\d{4}-\d{2}-\d{2}$/.test(this.data.deadline)) return this.setData({ error: '整改期限请按 2026-12-31 的格式填写' });
      const d: Draft = { n: this.data.findings.length + 1, tag: this.data.tag, tagLabel: tagLabel(this.data.tag), text, measure, deadline: measure ? this.data.deadline : '' };
      this.setData({ findings: [...this.data.findings, d], text: '', measure: '', deadline: '', error: '' });
    },
    async onSubmit() {
      if (this.data.busy) return;
      if (!this.data.orgId.trim()) return this.setData({ error: '请填写被点评组织的编号' });
      if (!this.data.findings.length) return this.setData({ error: '请至少添加一条点评内容' });
      this.setData({ busy: true, error: '' });
      const r = await createReview({
        orgId: this.data.orgId.trim(),
        kind: this.data.kind,
        date: this.data.date,
        requestId: this.data.requestId,
        findings: this.data.findings.map((f) => ({ tag: f.tag, text: f.text, photos: [], ...(f.measure ? { measure: { text: f.measure, deadline: f.deadline } } : {}) })),
      });
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: '已记录', icon: 'success' });
      wx.redirectTo({ url: `/grid/pages/review/index?id=${r.data.review.id}` });
    },
  },
});
