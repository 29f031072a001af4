/** Structured one-line logs (CloudBase collects stdout/stderr per invocation). */
export type Logger = { error(msg: string, fields?: Record<string, unknown>): void; info(msg: string, fields?: Record<string, unknown>): void };

export const consoleLogger: Logger = {
  error: (msg, fields) => {
    if (process.env.LOG_SILENT !== '1') console.error(JSON.stringify({ level: 'error', msg, ...fields }));
  },
  info: (msg, fields) => {
    if (process.env.LOG_SILENT !== '1' && process.env.LOG_INFO === '1') console.log(JSON.stringify({ level: 'info', msg, ...fields }));
  },
};
