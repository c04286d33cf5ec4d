// ml-regression ships no types; cells use it untyped, like any JavaScript library.
declare module "ml-regression";
