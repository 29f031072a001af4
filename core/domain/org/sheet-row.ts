/**
 * A spreadsheet as the roster import reads it: plain cell values, with the row numbers the sheet
 * shows. core/runtime/sheet.ts makes it from .xlsx / .csv bytes.
 */
export type Cell = string | number | boolean | Date | null;
export type SheetRow = { row: number; cells: Cell[] };
