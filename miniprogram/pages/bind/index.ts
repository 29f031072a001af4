/**
 * 绑定党员身份: a placeholder; the org/members issue builds binding (name + phone + invite code,
 * auth.bind) here. Until then it explains and leads back.
 */
Component({
  data: {},
  methods: {
    onBack() {
      wx.switchTab({ url: '/pages/me/index' });
    },
  },
});
