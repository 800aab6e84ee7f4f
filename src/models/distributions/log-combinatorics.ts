import factorialln from '@stdlib/math-base-special-factorialln';

// log y! of plain integer data (a constant for differentiation), for the densities that are
// not declared per element (multinomial).
export { factorialln };
