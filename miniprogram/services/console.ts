import type { ConsoleConfirmResult, ConsoleScanResult, ConsoleSessionsResult } from '../../core/contracts/auth';
import { call, type Result } from './cloud';

/** The web console's login from the phone (auth.console.*; docs/console.md). */

/** What a console login QR asks (the scanned text `HGJCONSOLE:<id>` or the 小程序码's scene, the id). */
export function scanConsoleLogin(requestId: string): Promise<Result<ConsoleScanResult>> {
  return call<ConsoleScanResult>('auth', 'console.scan', { requestId });
}

export function confirmConsoleLogin(requestId: string): Promise<Result<ConsoleConfirmResult>> {
  return call<ConsoleConfirmResult>('auth', 'console.confirm', { requestId });
}

export function consoleSessions(): Promise<Result<ConsoleSessionsResult>> {
  return call<ConsoleSessionsResult>('auth', 'console.sessions');
}

export function revokeConsoleSession(sessionId: string): Promise<Result<{ ended: true }>> {
  return call<{ ended: true }>('auth', 'console.revoke', { sessionId });
}
