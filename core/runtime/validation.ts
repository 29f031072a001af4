import type { z } from 'zod';
import { fail } from '../contracts/app-error';
import type { Fail } from '../contracts/envelope';

const REASONS: Record<string, string> = {
  invalid_type: '类型不正确或缺失',
  too_small: '太短或太小',
  too_big: '太长或太大',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '包含不支持的字段',
  not_multiple_of: '数值不符合要求',
  custom: '不符合要求',
};

/** Turns the first schema issue into INVALID_INPUT naming the field, with a zh-CN reason. */
export function invalidInput(error: z.ZodError): Fail {
  const issue = error.issues[0];
  let field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') field = [field, ...(issue as { keys: string[] }).keys].filter(Boolean).join('.');
  const reason = REASONS[issue.code] ?? '不符合要求';
  return fail('INVALID_INPUT', `填写的内容有误：${field || '请求'}（${reason}）`, field || undefined);
}

/**
 * Control characters (NUL and the other C0 codes but tab and newlines, and DEL) are refused in
 * every string of every input, whatever the action: they have no place in names, notes or ids,
 * and they break what the text later meets (a query regex, a spreadsheet, a WeChat message).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function controlCharacterField(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path.join('.') || 'request' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const f = controlCharacterField(value[i], [...path, String(i)]);
      if (f !== null) return f;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const f = controlCharacterField(k, [...path, k]) ?? controlCharacterField(v, [...path, k]);
      if (f !== null) return f;
    }
  }
  return null;
}

export function controlCharacters(field: string): Fail {
  return fail('INVALID_INPUT', `填写的内容有误：${field}（含有不允许的控制字符）`, field);
}
