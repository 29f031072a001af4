import type { Failure } from '../services/cloud';

/** What a page shows instead of its content: rendered by components/state-view. */
export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';
/** What the state's button does: retry the load, or go and bind (NOT_BOUND). */
export type ViewAction = 'retry' | 'bind' | '';

export type ViewState = { status: ViewStatus; message: string; actionText: string; action: ViewAction; requestId: string };

export const LOADING: ViewState = { status: 'loading', message: '加载中…', actionText: '', action: '', requestId: '' };
export const READY: ViewState = { status: 'ready', message: '', actionText: '', action: '', requestId: '' };

export function emptyView(message: string, actionText = '', action: ViewAction = ''): ViewState {
  return { status: 'empty', message, actionText, action, requestId: '' };
}

/**
 * The state for a failed call. NOT_BOUND leads to binding (as an empty state, not an error); FORBIDDEN has nothing to retry;
 * everything else (network, timeout, INTERNAL, …) offers 重试.
 */
export function errorView(f: Failure): ViewState {
  const base = { status: 'error' as const, message: f.message, requestId: f.requestId ?? '' };
  // not bound yet is a first step, not a failure: shown calm (no error icon), leading to binding
  if (f.code === 'NOT_BOUND') return { ...base, status: 'empty', actionText: '去绑定', action: 'bind' };
  if (f.code === 'FORBIDDEN') return { ...base, actionText: '', action: '' };
  return { ...base, actionText: '重试', action: 'retry' };
}

export const BIND_URL = '/pages/bind/index';
