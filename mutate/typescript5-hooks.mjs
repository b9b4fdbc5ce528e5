// See typescript5.mjs: `typescript` imported from inside @stryker-mutator/* (the checker; core's tsconfig preprocessor)
// resolves to typescript-5.
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/@stryker-mutator/')) {
    return next('typescript-5', context);
  }
  return next(specifier, context);
}
