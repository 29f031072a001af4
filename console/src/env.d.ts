/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface ImportMetaEnv {
  /** A CloudBase env id: the console calls that env's HTTP API; unset, the local gateway (same origin). */
  readonly VITE_CLOUDBASE_ENV?: string;
}
