/** exceljs's Workbook class by its own module (./workbook.ts says why): the class the package's types describe. */
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';
  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}
