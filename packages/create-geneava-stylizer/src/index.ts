export { createStylizer, type CreatedStylizer, type CreateStylizerOptions } from './create-stylizer.js';
export { main, USAGE, type MainIo } from './main.js';
export { KEBAB_CASE, singleQuotedLiteral, styleNames, type StyleNames } from './names.js';
export { renderFolder, type RenderedFile } from './render.js';
export { isTemplateName, STYLIZER_API_VERSION, TEMPLATE_FOLDER, TEMPLATES, type TemplateName } from './templates.js';
