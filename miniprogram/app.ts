/**
 * The app itself holds no state: the backend is reached through services/cloud.ts (which
 * initialises wx.cloud on first use in cloud mode) and pages keep their own view state.
 */
App({});
