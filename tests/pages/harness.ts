/**
 * Renders a mini-program page (Component()-built) with real TDesign components in jsdom, with the
 * backend faked behind wx.request / wx.cloud.callFunction so the real service seam runs.
 * Recipe and pitfalls: /work/shared/notes/page-testing.md.
 *
 *   const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
 *   expect(page.text()).toContain('李建华');
 *   await page.tap('#state >>> .t-button');       // `>>>` crosses component boundaries
 */
import { jest } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import type { AppConfig } from '../../miniprogram/config';
import { stubBackend, type FakeBackend, type Routes } from './fake-backend';

export { resetWx, stubBackend, type BackendCall, type FakeBackend, type Fault, type Reply, type Routes } from './fake-backend';

export const MP_ROOT = path.resolve(__dirname, '../../miniprogram');
const CONFIG_MODULE = path.join(MP_ROOT, 'config.ts');

type Json = { usingComponents?: Record<string, string> };
const readJson = (rel: string): Json => JSON.parse(fs.readFileSync(path.join(MP_ROOT, rel), 'utf8')) as Json;

/** A usingComponents value as a root-absolute path simulate can load ('/miniprogram_npm/…'). */
function absolutize(fromJson: string, target: string): string {
  if (target.startsWith('/')) return target;
  if (target.startsWith('.')) return `/${path.posix.normalize(path.posix.join(path.posix.dirname(fromJson), target))}`;
  return `/miniprogram_npm/${target}`;
}

/**
 * simulate applies one usingComponents override to every component it registers, and ignores
 * app.json: so collect app.json's globals and every tag used by the page and our own components,
 * as root-absolute paths. A tag name meaning two different components is refused.
 */
export function collectUsingComponents(pagePath: string, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (tag: string, target: string, from: string) => {
    if (out[tag] && out[tag] !== target) throw new Error(`usingComponents: "${tag}" is ${out[tag]} and ${target} (in ${from}); use one tag name per component`);
    out[tag] = target;
  };
  const seen = new Set<string>();
  const visit = (jsonRel: string, using: Record<string, string>) => {
    for (const [tag, value] of Object.entries(using)) {
      const target = absolutize(jsonRel, value);
      add(tag, target, jsonRel);
      // Our components may use further TDesign tags; TDesign's own relative paths work as they are.
      if (!target.startsWith('/miniprogram_npm/') && !seen.has(target)) {
        seen.add(target);
        visit(`${target.slice(1)}.json`, readJson(`${target.slice(1)}.json`).usingComponents ?? {});
      }
    }
  };
  visit('app.json', readJson('app.json').usingComponents ?? {});
  visit(`${pagePath}.json`, readJson(`${pagePath}.json`).usingComponents ?? {});
  for (const [tag, value] of Object.entries(extra)) out[tag] = absolutize(`${pagePath}.json`, value);
  return out;
}

export type LoadOptions = {
  /** Extra or replacement usingComponents (same forms as in a page json). */
  usingComponents?: Record<string, string>;
  /** Fake backend routes, installed before the page loads. */
  stub?: Routes;
  /** Overrides of miniprogram/config.ts for this page (e.g. { mode: 'cloud' }). */
  config?: Partial<AppConfig>;
  /** Query passed to onLoad. */
  query?: Record<string, string>;
  /** Call onLoad + onShow and wait for replies (default true). */
  show?: boolean;
};

type Instance = Record<string, unknown> & { data: Record<string, unknown> };

export type PageHandle = {
  component: simulate.RootComponent<never, never, never>;
  instance: Instance;
  backend: FakeBackend | null;
  dom: HTMLElement;
  /** The rendered text, whitespace collapsed. */
  text(): string;
  /** Finds a node; `>>>` descends into child components (e.g. '#state >>> .t-button'). */
  find(selector: string): simulate.Component<never, never, never> | undefined;
  /**
   * Taps a node and lets replies land. A TDesign host (e.g. '#state >>> .state-view__action', a
   * t-button) is tapped on its inner handler node, as a finger would.
   */
  tap(selector: string): Promise<void>;
  /** Calls a page method (e.g. onPullDownRefresh) without waiting for replies. */
  invoke(method: string, ...args: unknown[]): void;
  /** Calls the page's onShow again (e.g. coming back to a tab) and lets replies land. */
  show(): Promise<void>;
  /** Lets pending replies and setData land. */
  flush(): Promise<void>;
};

/** True when a TDesign component rendered for real (its prefixed root class is in the DOM). */
export function rendered(page: PageHandle, tdName: string): boolean {
  return tdNodes(page, tdName).length > 0;
}

/** The root nodes of every rendered instance of a TDesign component (classes are tag-prefixed). */
export function tdNodes(page: PageHandle, tdName: string): Element[] {
  return [...page.dom.querySelectorAll(`.${tdName}--${tdName}`)];
}

/**
 * TDesign components are virtual hosts (no node of their own): a tap must land on the inner
 * node that holds their tap handler. Keyed by the component's classPrefix.
 */
const TD_TAP_TARGET: Record<string, string> = {
  't-button': '.t-button',
  't-cell': '.t-cell',
  't-tab-bar-item': '.t-tab-bar-item__content',
  't-radio': '.t-radio',
  't-tag': '.t-tag',
  't-checkbox': '.t-checkbox',
  't-grid-item': '.t-grid-item',
};

type SimNode = simulate.Component<never, never, never>;

/** The node to dispatch a tap on: itself, or a TDesign host's inner handler node. */
function tapTarget(node: SimNode): SimNode {
  if (node.dom) return node;
  const prefix = (node.instance as unknown as { data?: { classPrefix?: unknown } } | undefined)?.data?.classPrefix;
  const inner = typeof prefix === 'string' ? node.querySelector(TD_TAP_TARGET[prefix] ?? `.${prefix}`) : undefined;
  if (!inner) throw new Error(`tap: cannot find the inner node of a ${String(prefix ?? 'virtual')} host; give the inner selector with >>>`);
  return inner as SimNode;
}

const flush = async () => {
  // Replies resolve on microtasks; a few turns let chained awaits and setData settle.
  for (let i = 0; i < 3; i++) await simulate.sleep(0);
};

/**
 * Loads a page (path relative to miniprogram/, no extension) in its own module registry:
 * simulate cannot render a page whose modules were already required, and each page gets fresh
 * services (session cache, config).
 */
export async function loadPage(pagePath: string, opts: LoadOptions = {}): Promise<PageHandle> {
  const backend = opts.stub ? stubBackend(opts.stub) : null;
  const usingComponents = collectUsingComponents(pagePath, opts.usingComponents);
  let id = '';
  jest.isolateModules(() => {
    if (opts.config) {
      // the module's other exports (helpers such as templateIdsFor) stay as they are
      const real = jest.requireActual<{ config: AppConfig }>(CONFIG_MODULE);
      jest.doMock(CONFIG_MODULE, () => ({ ...real, config: { ...real.config, ...opts.config } }));
    }
    id = simulate.load(path.join(MP_ROOT, pagePath), {
      rootPath: MP_ROOT,
      usingComponents,
      // With TDesign in the tree the compiler prints more than the 1 MiB default buffer.
      compilerOptions: { maxBuffer: 256 * 1024 * 1024 },
    });
  });
  if (opts.config) jest.dontMock(CONFIG_MODULE);
  const component = simulate.render(id) as simulate.RootComponent<never, never, never>;
  if (!component) throw new Error(`simulate could not render ${pagePath} (was it loaded twice in one registry?)`);
  component.attach(document.createElement('parent-wrapper'));
  const instance = component.instance as unknown as Instance;
  const lifecycle = (name: string, ...args: unknown[]) => {
    const f = instance[name];
    if (typeof f === 'function') (f as (...a: unknown[]) => unknown).apply(instance, args);
  };
  const invoke = (name: string, ...args: unknown[]) => {
    if (typeof instance[name] !== 'function') throw new Error(`${pagePath} has no method ${name}`);
    lifecycle(name, ...args);
  };
  const handle: PageHandle = {
    component,
    instance,
    backend,
    get dom() {
      return component.dom as HTMLElement;
    },
    text: () => (component.dom?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    find: (selector) => component.querySelector(selector) as simulate.Component<never, never, never> | undefined,
    async tap(selector) {
      const node = component.querySelector(selector);
      if (!node) throw new Error(`tap: nothing matches ${selector}`);
      tapTarget(node as SimNode).dispatchEvent('tap');
      await flush();
    },
    invoke,
    async show() {
      lifecycle('onShow');
      await flush();
    },
    flush,
  };
  if (opts.show !== false) {
    // Component-built pages keep onLoad/onShow in methods; simulate does not call them.
    lifecycle('onLoad', opts.query ?? {});
    lifecycle('onShow');
    await flush();
  }
  return handle;
}
