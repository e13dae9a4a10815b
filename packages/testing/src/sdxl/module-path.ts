/**
 * TorchScript names a node after the module that produced it, one path segment per attribute, with
 * ModuleList indices kept on their list: module "down_blocks.1.attentions.0.to_out.0" becomes the node
 * prefix "/down_blocks.1/attentions.0/to_out.0".
 */
export function nodePrefixOfModule(module: string): string {
  const segments: string[] = [];
  for (const part of module.split('.')) {
    if (/^\d+$/.test(part) && segments.length > 0) segments[segments.length - 1] += `.${part}`;
    else segments.push(part);
  }
  return `/${segments.join('/')}`;
}
