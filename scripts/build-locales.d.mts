/** The languages shipped as files of their own; English is built into the element. */
export declare const separateLocales: string[];
/** The add-ons shipped as files of their own (dist/<name>.js). */
export declare const separateAddons: string[];
/** Builds the scripts: into dist/locales and dist, or, with `write` false, into memory as { name: code }. */
export declare function buildLocales(write?: boolean): Promise<Record<string, string>>;
