import { EvidenceRefused } from '@sg/evidence';
import busboy from 'busboy';
import type { Request } from 'express';

/**
 * Reads the single file of a multipart upload into memory, never onto disk: a refused upload
 * leaves nothing behind. Stops reading (413) at one byte over the limit.
 */
export function readSingleUpload(
  req: Request,
  maxBytes: number,
): Promise<{ name: string; bytes: Buffer; fields: Record<string, string> }> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(
      new EvidenceRefused('not-multipart', '请以 multipart/form-data 方式上传文件（字段名为 file）。', 415),
    );
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // One byte of slack: a file of exactly maxBytes must not trip the limit.
        limits: { files: 1, fileSize: maxBytes + 1, fields: 5, parts: 6 },
      });
    } catch {
      reject(new EvidenceRefused('bad-multipart', '上传请求的格式不正确。', 422));
      return;
    }
    let file: { name: string; bytes: Buffer } | undefined;
    // Text fields sent with the file (a reason, a choice); at most 5, each as the last one sent.
    const fields: Record<string, string> = {};
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    let failure: EvidenceRefused | undefined;
    const fail = (error: EvidenceRefused) => (failure ??= error);
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        fail(new EvidenceRefused('bad-multipart', '文件应放在名为 file 的字段中上传。', 422));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        fail(
          new EvidenceRefused(
            'file-too-large',
            `文件超过大小上限（${(maxBytes / 1024 / 1024).toFixed(1)} MB），请压缩或拆分后上传。`,
            413,
          ),
        );
        chunks.length = 0;
        stream.resume();
      });
      stream.on('close', () => {
        if (!failure) file = { name: info.filename ?? '', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('filesLimit', () => fail(new EvidenceRefused('bad-multipart', '一次只能上传一个文件。', 422)));
    parser.on('partsLimit', () =>
      fail(new EvidenceRefused('bad-multipart', '上传请求中只应有一个文件。', 422)),
    );
    parser.on('fieldsLimit', () =>
      fail(new EvidenceRefused('bad-multipart', '上传请求中只应有一个文件。', 422)),
    );
    parser.on('error', () => {
      fail(new EvidenceRefused('bad-multipart', '上传请求的格式不正确或已中断。', 422));
      req.unpipe(parser);
      req.resume();
      reject(failure ?? new EvidenceRefused('bad-multipart', '上传请求的格式不正确或已中断。', 422));
    });
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!file) reject(new EvidenceRefused('no-file', '请求中没有文件，请选择要上传的文件。', 422));
      else resolve({ ...file, fields });
    });
    req.pipe(parser);
  });
}
