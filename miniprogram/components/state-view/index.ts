/**
 * What a page shows while it has no content: loading, empty, or an error with one action
 * (重试 / 去绑定). The page decides what the action means; this only reports the tap.
 */
Component({
  options: { addGlobalClass: true },
  properties: {
    status: { type: String, value: 'loading' },
    message: { type: String, value: '' },
    actionText: { type: String, value: '' },
    /** Shown small under an INTERNAL error so a member can quote it when reporting. */
    requestId: { type: String, value: '' },
  },
  methods: {
    onAction() {
      this.triggerEvent('action');
    },
  },
});
