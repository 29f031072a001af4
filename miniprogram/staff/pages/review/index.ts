/**
 * 待审核 (branch secretary): a placeholder in the staff subpackage until the points issue
 * builds the claims queue here.
 */
Component({
  data: {},
  methods: {
    onBack() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
