import { describe, expect, it } from 'vitest';
import t2019 from './fixtures/gov-annual-2019.json';
import t2021 from './fixtures/gov-annual-2021.json';
import {
  getCell,
  parseCellInput,
  placeProblems,
  problemsByPath,
  sectionCells,
  sectionTables,
  setCell,
} from './layout.js';

const TEMPLATES = [t2019, t2021];

function section(template, key) {
  return template.sections.find((s) => s.key === key);
}

const texts = (cells) => cells.map((cell) => cell.text);

// Lays the rows out as a browser does (rowspans reach into later rows) and returns the
// number of columns each line occupies; throws when two cells claim the same slot.
function lineWidths(rows) {
  const taken = new Map(); // line index -> Set of occupied columns
  const slots = (line) => taken.get(line) ?? taken.set(line, new Set()).get(line);
  rows.forEach((cells, line) => {
    let column = 0;
    for (const cell of cells) {
      while (slots(line).has(column)) column += 1;
      const colSpan = cell.kind === 'data' ? 1 : cell.colSpan;
      const rowSpan = cell.kind === 'data' ? 1 : cell.rowSpan;
      for (let r = line; r < line + rowSpan; r += 1) {
        for (let c = column; c < column + colSpan; c += 1) {
          if (slots(r).has(c)) throw new Error(`overlap at line ${r}, column ${c}`);
          slots(r).add(c);
        }
      }
      column += colSpan;
    }
  });
  return rows.map((_, line) => slots(line).size);
}

// The (row, column) pairs a template defines for a section, walked independently of
// layout.js: rows with a key hold data, rows with children are headings.
function templateCellPaths(spec) {
  const paths = [];
  const walk = (rows, columns) => {
    for (const row of rows) {
      if (row.children.length > 0) {
        expect(row.key).toBeNull();
        walk(row.children, columns);
      } else {
        for (const column of columns) paths.push(`${spec.key}.${row.key}.${column.key}`);
      }
    }
  };
  for (const block of spec.blocks) walk(block.rows, block.columns);
  return paths;
}

describe('fixtures', () => {
  it('mirror the TOML templates', () => {
    expect(t2021.id).toBe('gov-annual-2021');
    expect(t2021.last_year).toBeNull();
    expect(t2019.last_year).toBe(2020);
    expect(t2021.sections.map((s) => [s.key, s.number, s.layout])).toEqual([
      ['overview', '一', null],
      ['proactive', '二', 'blocks'],
      ['applications', '三', 'matrix'],
      ['review_litigation', '四', 'grouped_row'],
      ['problems', '五', null],
      ['other', '六', null],
    ]);
  });
});

describe('matrix layout (表三)', () => {
  for (const template of TEMPLATES) {
    describe(template.id, () => {
      const [table] = sectionTables(section(template, 'applications'));

      it('merges 法人或其他组织 over its five columns, under 申请人情况', () => {
        const [top, groups, leaves] = table.headerRows;
        expect(table.headerRows).toHaveLength(3);
        expect(top[0]).toMatchObject({ className: 'ar-corner', colSpan: 3, rowSpan: 3 });
        expect(top[0].text).toContain('本列数据的勾稽关系为');
        expect(top[1]).toMatchObject({ text: '申请人情况', colSpan: 7, rowSpan: 1 });
        expect(groups.map((c) => [c.text, c.colSpan, c.rowSpan])).toEqual([
          ['自然人', 1, 2],
          ['法人或其他组织', 5, 1],
          ['总计', 1, 2],
        ]);
        expect(texts(leaves)).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
      });

      it('prints the row-label tree with rowspans over the data rows', () => {
        const labelsOf = (line) => line.filter((c) => c.kind === 'label');
        const lineOf = (rowKey) => table.bodyRows.find((line) => line.some((c) => c.rowKey === rowKey));

        expect(labelsOf(lineOf('new_received')).map((c) => [c.text, c.colSpan])).toEqual([
          ['一、本年新收政府信息公开申请数量', 3],
        ]);
        const resultRows = template.id === 'gov-annual-2021' ? 22 : 20;
        expect(labelsOf(lineOf('granted')).map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([
          ['三、本年度办理结果', resultRows, 1],
          ['（一）予以公开', 1, 2],
        ]);
        expect(labelsOf(lineOf('refused_state_secret')).map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([
          ['（三）不予公开', 8, 1],
          ['1.属于国家秘密', 1, 1],
        ]);
        expect(labelsOf(lineOf('refused_law_prohibited')).map((c) => c.text)).toEqual(['2.其他法律行政法规禁止公开']);
        expect(labelsOf(lineOf('results_total'))[0]).toMatchObject({ text: '（七）总计', colSpan: 2 });
      });

      it('fills every line exactly, header and body alike', () => {
        const widths = lineWidths([...table.headerRows, ...table.bodyRows]);
        expect(new Set(widths)).toEqual(new Set([3 + 7]));
      });

      it('labels each cell with its section, row path and column path', () => {
        const cell = table.cells.find((c) => c.path === 'applications.refused_state_secret.natural_person');
        expect(cell.label).toBe('三、收到和处理政府信息公开申请情况/三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人');
        expect(cell.where).toBe('三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人');
        const grouped = table.cells.find((c) => c.path === 'applications.new_received.commercial');
        expect(grouped.label).toBe('三、收到和处理政府信息公开申请情况/一、本年新收政府信息公开申请数量/法人或其他组织/商业企业');
      });
    });
  }

  it('has the 2021 （六） sub-rows and the 2019 single （六） row', () => {
    const keys = (template) => sectionCells(section(template, 'applications')).map((c) => c.rowKey);
    expect(keys(t2021)).toContain('other_fee_unpaid');
    expect(keys(t2021)).not.toContain('other_handling');
    expect(keys(t2019)).toContain('other_handling');
  });
});

describe('grouped_row layout (表四)', () => {
  const [table] = sectionTables(section(t2021, 'review_litigation'));

  it('prints 行政复议 beside 行政诉讼 with its two sub-groups', () => {
    const [top, middle, columns] = table.headerRows;
    expect(top.map((c) => [c.text, c.colSpan, c.rowSpan])).toEqual([
      ['行政复议', 5, 2],
      ['行政诉讼', 10, 1],
    ]);
    expect(middle.map((c) => [c.text, c.colSpan])).toEqual([
      ['未经复议直接起诉', 5],
      ['复议后起诉', 5],
    ]);
    expect(texts(columns)).toEqual(Array(3).fill(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat());
  });

  it('has one data line of fifteen cells in group order', () => {
    expect(table.bodyRows).toHaveLength(1);
    expect(table.bodyRows[0].map((c) => c.path).slice(4, 6)).toEqual([
      'review_litigation.reconsideration.total',
      'review_litigation.litigation_direct.upheld',
    ]);
    expect(new Set(lineWidths([...table.headerRows, ...table.bodyRows]))).toEqual(new Set([15]));
    expect(table.cells[7].label).toBe('四、政府信息公开行政复议、行政诉讼情况/行政诉讼/未经复议直接起诉/其他结果');
  });
});

describe('blocks layout (表二)', () => {
  it('prints one table per block with its title over 信息内容 and the columns', () => {
    const tables = sectionTables(section(t2021, 'proactive'));
    expect(tables.map((t) => t.title)).toEqual(['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
    const [first] = tables;
    expect(first.headerRows[0]).toEqual([expect.objectContaining({ text: '第二十条第（一）项', colSpan: 4 })]);
    expect(texts(first.headerRows[1])).toEqual(['信息内容', '本年制发件数', '本年废止件数', '现行有效件数']);
    expect(first.bodyRows.map((line) => line[0].text)).toEqual(['规章', '行政规范性文件']);
    for (const table of tables) {
      const widths = lineWidths([...table.headerRows, ...table.bodyRows]);
      expect(new Set(widths).size).toBe(1);
    }
    expect(first.cells[0].label).toBe('二、主动公开政府信息情况/第二十条第（一）项/规章/本年制发件数');
  });

  it('carries the column types and units of the 2019 template', () => {
    const cells = sectionCells(section(t2019, 'proactive'));
    const byPath = Object.fromEntries(cells.map((c) => [c.path, c]));
    expect(byPath['proactive.licensing.change'].type).toBe('signed_count');
    expect(byPath['proactive.procurement.amount']).toMatchObject({ type: 'amount', valueSuffix: '万元' });
    expect(byPath['proactive.rules.made'].type).toBe('count');
  });
});

describe('data cells match the template', () => {
  for (const template of TEMPLATES) {
    it(`${template.id}: every cell path is a row × column of the template, each once`, () => {
      for (const spec of template.sections) {
        const cells = sectionCells(spec);
        const paths = cells.map((c) => c.path);
        expect(new Set(paths).size).toBe(paths.length);
        expect([...paths].sort()).toEqual(templateCellPaths(spec).sort());
        for (const cell of cells) {
          const [sectionKey, rowKey, columnKey] = cell.path.split('.');
          expect([sectionKey, rowKey, columnKey]).toEqual([spec.key, cell.rowKey, cell.columnKey]);
        }
      }
    });
  }

  it('counts the cells of each 2021 table', () => {
    const count = (key) => sectionCells(section(t2021, key)).length;
    expect([count('overview'), count('proactive'), count('applications'), count('review_litigation')]).toEqual([
      0,
      6 + 1 + 2 + 1,
      25 * 7,
      15,
    ]);
  });
});

describe('parseCellInput', () => {
  it('reads counts as non-negative integers', () => {
    expect(parseCellInput('count', '12')).toEqual({ value: 12 });
    expect(parseCellInput('count', ' 0 ')).toEqual({ value: 0 });
    expect(parseCellInput('count', '007')).toEqual({ value: 7 });
    expect(parseCellInput('count', '１２')).toEqual({ value: 12 }); // full-width digits
    expect(parseCellInput('count', '1000000000000')).toEqual({ value: 1e12 });
    expect(parseCellInput('count', '-1').error).toBe('此项不能为负数');
    expect(parseCellInput('count', '1.5').error).toBe('请填写整数，不能有小数');
    expect(parseCellInput('count', 'abc').error).toMatch(/非负整数/);
    expect(parseCellInput('count', '1e3').error).toBeTruthy();
    expect(parseCellInput('count', '1,000').error).toBeTruthy();
    expect(parseCellInput('count', '1000000000001').error).toMatch(/过大/);
  });

  it('lets 本年增/减 be negative', () => {
    expect(parseCellInput('signed_count', '-3')).toEqual({ value: -3 });
    expect(parseCellInput('signed_count', '－3')).toEqual({ value: -3 });
    expect(parseCellInput('signed_count', '-0')).toEqual({ value: 0 });
    expect(Object.is(parseCellInput('signed_count', '-0').value, -0)).toBe(false);
    expect(parseCellInput('signed_count', '+3').error).toBeTruthy();
    expect(parseCellInput('signed_count', '-').error).toBeTruthy();
  });

  it('keeps amounts as decimal strings of at most four places', () => {
    expect(parseCellInput('amount', '14.73')).toEqual({ value: '14.73' });
    expect(parseCellInput('amount', '12')).toEqual({ value: '12' });
    expect(parseCellInput('amount', '0.0001')).toEqual({ value: '0.0001' });
    expect(parseCellInput('amount', '１４．７３')).toEqual({ value: '14.73' });
    expect(typeof parseCellInput('amount', '3').value).toBe('string');
    expect(parseCellInput('amount', '0.00001').error).toMatch(/四位小数/);
    expect(parseCellInput('amount', '-1.5').error).toBe('金额不能为负数');
    expect(parseCellInput('amount', '1.').error).toBeTruthy();
    expect(parseCellInput('amount', '.5').error).toBeTruthy();
    expect(parseCellInput('amount', '14.73万元').error).toBeTruthy();
    expect(parseCellInput('amount', '10000000000')).toEqual({ value: '10000000000' });
    expect(parseCellInput('amount', '10000000000.0001').error).toBe('金额过大');
  });

  it('treats empty text as removing the value', () => {
    for (const type of ['count', 'signed_count', 'amount']) {
      expect(parseCellInput(type, '')).toEqual({ value: undefined });
      expect(parseCellInput(type, '   ')).toEqual({ value: undefined });
    }
  });
});

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('getCell / setCell', () => {
  const content = deepFreeze({
    template: 'gov-annual-2021',
    year: 2024,
    sections: { overview: '总体' },
    applications: { new_received: { natural_person: 4, total: 4 }, carried_over: { total: 0 } },
    review_litigation: { reconsideration: { upheld: 1 } },
  });

  it('reads values by path', () => {
    expect(getCell(content, 'applications.new_received.natural_person')).toBe(4);
    expect(getCell(content, 'sections.overview')).toBe('总体');
    expect(getCell(content, 'applications.granted.total')).toBeUndefined();
    expect(getCell(content, 'proactive.rules.issued')).toBeUndefined();
    expect(getCell(undefined, 'a.b')).toBeUndefined();
  });

  it('returns a new object and leaves the original untouched (frozen: a write would throw)', () => {
    const next = setCell(content, 'applications.new_received.natural_person', 5);
    expect(next).not.toBe(content);
    expect(getCell(next, 'applications.new_received.natural_person')).toBe(5);
    expect(content.applications.new_received.natural_person).toBe(4);
    expect(next.applications).not.toBe(content.applications);
    expect(next.applications.new_received).not.toBe(content.applications.new_received);
    // Only the path is copied: everything else is shared.
    expect(next.applications.carried_over).toBe(content.applications.carried_over);
    expect(next.review_litigation).toBe(content.review_litigation);
    expect(next.sections).toBe(content.sections);
  });

  it('creates missing objects along the path', () => {
    const next = setCell(content, 'proactive.fees.amount', '12.5');
    expect(next.proactive).toEqual({ fees: { amount: '12.5' } });
    expect(content.proactive).toBeUndefined();
    expect(setCell(content, 'notes.applications', '说明').notes).toEqual({ applications: '说明' });
    expect(setCell(undefined, 'sections.overview', 'x')).toEqual({ sections: { overview: 'x' } });
  });

  it('removes the key when the value is undefined', () => {
    const next = setCell(content, 'applications.new_received.total', undefined);
    expect(next.applications.new_received).toEqual({ natural_person: 4 });
    expect('total' in next.applications.new_received).toBe(false);
    expect(content.applications.new_received.total).toBe(4);
  });
});

describe('problems', () => {
  const problems = [
    { rule: 'R1', path: 'applications.results_total.total', message: '三、…：总计列 第一项加第二项之和(5)不等于第三项加第四项之和(4)' },
    { rule: 'R3', path: 'applications.results_total.total', message: '三、…：（七）总计不等于各项之和' },
    { rule: 'R2', path: 'applications.granted.total', message: '三、…：（一）予以公开 总计不等于各类申请人之和' },
    { rule: 'schema', path: 'sections.overview', message: '一、总体情况：内容不能为空（没有内容请填写“无”）' },
    { rule: 'schema', path: 'notes.proactive', message: '二、主动公开政府信息情况：表格说明必须是文本' },
    { rule: 'R6', path: 'applications.carried_over', message: '三、…：没有上一年度的报告' },
    { rule: 'schema', path: 'template', message: '缺少报告模板 template' },
    { rule: 'schema', path: 'sections.unknown', message: '未知的文字部分“unknown”' },
  ];

  it('groups problems by path in their order', () => {
    const byPath = problemsByPath(problems);
    expect(byPath.get('applications.results_total.total').map((p) => p.rule)).toEqual(['R1', 'R3']);
    expect(byPath.get('template')).toHaveLength(1);
    expect(problemsByPath(undefined).size).toBe(0);
    expect(problemsByPath([{ rule: 'schema', message: '报告内容必须是一个 JSON 对象' }]).get('')).toHaveLength(1);
  });

  it('places each problem at a cell, a field, a section or the top', () => {
    const placed = placeProblems(t2021, problems);
    expect([...placed.cells.keys()]).toEqual(['applications.results_total.total', 'applications.granted.total']);
    expect([...placed.fields.keys()]).toEqual(['sections.overview', 'notes.proactive']);
    expect(placed.sections.get('applications').map((p) => p.rule)).toEqual(['R6']);
    expect(placed.general.map((p) => p.path)).toEqual(['template', 'sections.unknown']);
    const total = placed.general.length + [...placed.cells.values(), ...placed.fields.values(), ...placed.sections.values()].flat().length;
    expect(total).toBe(problems.length);
  });

  it('does not take a 2019-only row as a cell of the 2021 template', () => {
    const placed = placeProblems(t2021, [{ rule: 'schema', path: 'applications.other_handling.total', message: '未知的行' }]);
    expect(placed.cells.size).toBe(0);
    expect(placed.sections.get('applications')).toHaveLength(1);
  });
});
