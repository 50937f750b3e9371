export interface PreviewOptions { width?: number; density?: number }
export declare function preview(input: string, output: string, options?: PreviewOptions): Promise<string>;
export declare function previewSafe(input: string, output: string, options?: PreviewOptions): Promise<string>;
