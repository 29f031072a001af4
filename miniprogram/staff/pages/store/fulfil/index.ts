import { fulfil } from '../../../../services/store';
import { BIND_URL, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { ITEMS_URL, keeperOrView } from '../access';

type Outcome = { ok: boolean; title: string; detail: string };

/**
 * 核销兑换 (store keeper): scan the member's pickup QR (wx.scanCode) or type the code they read
 * out, then store.orders.fulfil. The result stays on screen in large type: hand the item over
 * on green only. The backend checks the keeper's scope and that the order is still pending.
 */
Component({
  data: {
    view: LOADING as ViewState,
    storeName: '',
    code: '',
    busy: false,
    outcome: null as Outcome | null,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const keeper = await keeperOrView();
      if ('view' in keeper) return this.setData({ view: keeper.view });
      const { grant } = keeper;
      this.setData({ view: READY, storeName: grant.orgName });
    },
    onScan() {
      if (this.data.busy) return;
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: (res) => void this.submit(res.result),
        // cancelled by the keeper, or the camera refused: nothing to report
      });
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value });
    },
    onSubmitCode() {
      const code = this.data.code.trim();
      if (code) void this.submit(code);
    },
    async submit(pickupCode: string) {
      if (this.data.busy) return;
      this.setData({ busy: true, outcome: null });
      const r = await fulfil(pickupCode);
      this.setData({ busy: false });
      if (!r.ok) {
        this.setData({ outcome: { ok: false, title: '不能核销', detail: r.message } });
        return;
      }
      const o = r.data.order;
      this.setData({ code: '', outcome: { ok: true, title: `核销成功：${o.itemName}`, detail: `${r.data.memberName} · ${o.cost} 积分 · ${o.storeName}` } });
      wx.vibrateShort({ type: 'medium' });
    },
    onItems() {
      wx.navigateTo({ url: ITEMS_URL });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
