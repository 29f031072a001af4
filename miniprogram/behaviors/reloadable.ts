type Loads = { load(): Promise<unknown> };

/** Pull-down refresh for a page that shows what its `load()` fetches. */
export const pullToRefresh = Behavior({
  methods: {
    onPullDownRefresh() {
      void (this as unknown as Loads).load().then(() => wx.stopPullDownRefresh());
    },
  },
});

/**
 * Also reloads whenever the page is shown (back from a detail page, a tab switch). A page that
 * needs more on show defines its own onShow, which replaces this one.
 */
export const reloadable = Behavior({
  behaviors: [pullToRefresh],
  methods: {
    onShow() {
      void (this as unknown as Loads).load();
    },
  },
});

/**
 * A detail page opened with `?id=`: keeps the id, and loads on every show (back from an action
 * page shows what changed). The page's own `load()` reads `this.data.id`.
 */
export const detailById = Behavior({
  data: { id: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      (this as unknown as { setData(d: Record<string, unknown>): void }).setData({ id: query.id ?? '' });
    },
    onShow() {
      void (this as unknown as Loads).load();
    },
  },
});
