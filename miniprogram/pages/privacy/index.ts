/** 隐私保护指引: what is collected and why (PIPL); static text, no calls. */
Component({
  data: {},
  methods: {},
});
