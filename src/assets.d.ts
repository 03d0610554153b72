// Swagger UI's files, imported `with { type: 'file' }`: Bun gives their path (embedded in compiled binaries).
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const path: string
  export default path
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const path: string
  export default path
}
// The page's script, imported the same way.
declare module '*.client.js' {
  const path: string
  export default path
}
declare module '*.client.css' {
  const path: string
  export default path
}
