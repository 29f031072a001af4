import type { Worksheet } from 'exceljs';
import { Readable } from 'node:stream';
import type { Cell, SheetRow } from '../domain/org/sheet-row';
import { loadExcel } from './excel';

/**
 * Reads the first worksheet of an .xlsx, or a .csv, into rows of plain cell values, keeping the
 * row numbers the spreadsheet shows (blank rows are skipped, numbering is not). exceljs does the
 * parsing for both formats; CSV bytes are decoded first: UTF-8 (with or without BOM), UTF-16
 * with BOM, or GB18030/GBK (what Excel on a Chinese Windows saves as "CSV"). Runtime, not
 * domain: it parses bytes with exceljs, which only the `files` function bundles.
 */
export type { Cell, SheetRow };
export type SheetKind = 'xlsx' | 'csv';

/** What reading a file gives: its rows, or why there are none (errors are values here too). */
export type SheetRead = { ok: true; rows: SheetRow[] } | { ok: false; reason: 'unreadable' | 'empty' | 'tooLarge' };

export function sheetKindOf(fileID: string): SheetKind | undefined {
  const m = /\.(xlsx|csv)$/i.exec(fileID);
  return m ? (m[1].toLowerCase() as SheetKind) : undefined;
}

export async function readSheet(buf: Buffer, kind: SheetKind, maxRows: number): Promise<SheetRead> {
  const wb = new (await loadExcel()).Workbook();
  let ws: Worksheet | undefined;
  try {
    if (kind === 'xlsx') {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0) ?? wb.worksheets[0];
    } else {
      const text = decodeText(buf);
      ws = await wb.csv.read(Readable.from([text]), {
        // keep every field as the text it is: phone numbers and dates are ours to interpret
        map: (v: unknown) => v,
        parserOptions: { delimiter: sniffDelimiter(text) },
      });
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (!ws) return { ok: false, reason: 'empty' };
  if (ws.actualRowCount > maxRows) return { ok: false, reason: 'tooLarge' };
  const out: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const values = r.values as unknown[];
    const cells = values.slice(1).map(cellValue);
    if (cells.some((c) => c !== null && String(c).trim() !== '')) out.push({ row: n, cells });
  });
  return { ok: true, rows: out };
}

/** Plain value of an exceljs cell: rich text joined, formulas by result, links by text, errors null. */
export function cellValue(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o || 'formula' in o) return cellValue(o.result);
    if ('text' in o) return cellValue(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

export function decodeText(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8').decode(buf.subarray(3));
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** Comma unless the first line is tab- or semicolon-separated. */
export function sniffDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => first.split(ch).length - 1;
  const [best] = [',', '\t', ';'].sort((a, b) => count(b) - count(a));
  return count(best) > 0 ? best : ',';
}
