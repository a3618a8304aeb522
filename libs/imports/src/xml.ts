import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportRefused } from './limits';
import { UNREADABLE, type ZipPackage } from './zip';

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>, tag: SaxesTagPlain): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Local name of a prefixed tag or attribute: "w:tc" → "tc". */
export const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * A streaming XML reader: no DTD processing (an undefined entity is an error, nothing external
 * is ever fetched), names without their prefixes. Returns the function to feed text chunks to
 * and the one that ends the document.
 */
export function xmlStream(handlers: XmlHandlers): { write(text: string): void; end(): void } {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: unknown;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    if (!handlers.open) return;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[local(key)] = String(value);
    handlers.open(local(tag.name), attributes, tag);
  });
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) parser.on('text', (text) => handlers.text!(text));
  const check = () => {
    if (failure === undefined) return;
    if (failure instanceof ImportRefused) throw failure;
    throw new ImportRefused('import-unreadable', UNREADABLE);
  };
  return {
    write(text) {
      if (text === '') return;
      try {
        parser.write(text);
      } catch (error) {
        failure ??= error;
      }
      check();
    },
    end() {
      try {
        parser.close();
      } catch (error) {
        failure ??= error;
      }
      check();
    },
  };
}

/** Streams one XML entry of a package through a handler set. */
export async function streamXml(zip: ZipPackage, name: string, handlers: XmlHandlers): Promise<void> {
  const xml = xmlStream(handlers);
  await zip.stream(name, (text) => xml.write(text));
  xml.end();
}
