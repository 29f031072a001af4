/**
 * The member's display preferences, kept on the phone (wx storage): 长辈模式 (elder-friendly mode:
 * larger text and tap targets, a 首页 of three things) and whether its first-run hint was seen.
 * The system's font size (WeChat's 字体大小, wx.getAppBaseInfo) is respected on top of it.
 */
export const ELDER_KEY = 'ui.elder';
export const ELDER_HINT_KEY = 'ui.elderHintSeen';

/** The text scale 长辈模式 applies (body text 32rpx -> 40rpx), as the 适老化 guide's larger sizes. */
export const ELDER_SCALE = 1.25;
/** Text never grows past this, so a line still fits a narrow phone (the largest WeChat setting is ~1.5 on iOS, 2 on Android). */
export const MAX_SCALE = 2;

export function elderMode(): boolean {
  return wx.getStorageSync(ELDER_KEY) === true;
}

export function setElderMode(on: boolean): void {
  wx.setStorageSync(ELDER_KEY, on);
  // once the member has chosen either way, the hint has done its job
  wx.setStorageSync(ELDER_HINT_KEY, true);
}

export function elderHintSeen(): boolean {
  return wx.getStorageSync(ELDER_HINT_KEY) === true;
}

export function dismissElderHint(): void {
  wx.setStorageSync(ELDER_HINT_KEY, true);
}

/**
 * WeChat's font scale (fontSizeScaleFactor: the user's 字体大小 over the standard 17px iOS / 16px
 * Android; developers.weixin.qq.com/miniprogram/design/elderly.html). 1 where the base library
 * does not report it.
 */
export function systemFontScale(): number {
  try {
    const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    const f = Number((info as { fontSizeScaleFactor?: unknown }).fontSizeScaleFactor);
    return Number.isFinite(f) && f > 0 ? f : 1;
  } catch {
    return 1;
  }
}

/** What a page renders with: elder mode on or off, and the text scale (elder mode and the system's, the larger). */
export type UiPrefs = { elder: boolean; scale: number; cls: string; style: string };

const r = (n: number) => `${Math.round(n)}rpx`;

/**
 * The page's root style: the theme's size variables (styles/theme.wxss) scaled, so our text and
 * TDesign's (which reads --td-*) grow together, and tap targets with them.
 */
export function uiPrefs(): UiPrefs {
  const elder = elderMode();
  const scale = Math.min(MAX_SCALE, Math.max(elder ? ELDER_SCALE : 1, systemFontScale()));
  if (scale <= 1) return { elder, scale: 1, cls: elder ? 'elder' : '', style: '' };
  const vars: Record<string, string> = {
    '--hg-font-body': r(32 * scale),
    '--hg-font-small': r(28 * scale),
    '--hg-font-title': r(40 * scale),
    '--hg-font-headline': r(48 * scale),
    '--hg-tap-min': r(96 * scale),
    // a fixed cell height would clip a grown title and description: let the cell grow instead
    '--td-cell-height': 'auto',
    '--td-cell-title-font': `400 ${r(32 * scale)} / ${r(48 * scale)} PingFang SC, Microsoft YaHei, Arial Regular`,
    '--td-cell-left-icon-size': r(48 * scale),
    '--td-cell-description-font': `400 ${r(32 * scale)} / ${r(48 * scale)} PingFang SC, Microsoft YaHei, Arial Regular`,
    '--td-cell-note-font-size': r(32 * scale),
    '--td-button-large-height': r(96 * scale),
    '--td-button-large-font': `600 ${r(34 * scale)} / ${r(48 * scale)} PingFang SC, Microsoft YaHei, Arial Regular`,
    '--td-tag-large-font': `${r(28 * scale)} / ${r(40 * scale)} PingFang SC, Microsoft YaHei, Arial Regular`,
  };
  const style = `${Object.entries(vars)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ')}; font-size: var(--hg-font-body)`;
  return { elder, scale, cls: elder ? 'elder' : 'large-text', style };
}
