// ejs ships no type declarations; this package uses only render().
declare module 'ejs' {
  const ejs: {
    render(template: string, data: Record<string, unknown>, options?: { filename?: string }): string;
  };
  export default ejs;
}
