/** Rollup's admin-css-text plugin turns an imported stylesheet into its text. */
declare module '*.css' {
  const text: string;
  export default text;
}
