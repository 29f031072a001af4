import { uiPrefs, type UiPrefs } from '../services/prefs';

/**
 * 长辈模式 and the system font size for a page: `ui` in data ({ elder, scale, cls, style }),
 * refreshed on every show (the switch in 我的 takes effect when the member comes back). The page
 * puts `class="page {{ui.cls}}" style="{{ui.style}}"` on its root view; the style scales the
 * theme's size variables, which TDesign's components read too.
 */
export const elderly = Behavior({
  data: { ui: { elder: false, scale: 1, cls: '', style: '' } as UiPrefs },
  lifetimes: {
    attached() {
      (this as unknown as { applyUi(): void }).applyUi();
    },
  },
  methods: {
    applyUi() {
      const ui = uiPrefs();
      const self = this as unknown as { data: { ui: UiPrefs }; setData(d: Record<string, unknown>): void };
      const now = self.data.ui;
      if (now.elder !== ui.elder || now.style !== ui.style || now.cls !== ui.cls) self.setData({ ui });
    },
  },
});
