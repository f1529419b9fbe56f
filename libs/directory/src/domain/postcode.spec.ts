import { postcodeDistrict } from '../vocabulary';

describe('postcodeDistrict', () => {
  it.each([
    ['E8 3AB', 'E8'],
    ['e8', 'E8'],
    ['N16 7XY', 'N16'],
    ['n167xy', 'N16'],
    ['EC1V 9HX', 'EC1V'],
    ['  SW1A 1AA ', 'SW1A'],
  ])('%p is in %p', (input, district) => expect(postcodeDistrict(input)).toBe(district));

  it.each(['', 'Hackney', '12345', 'E', '<script>', 'E8 3AB extra'])('%p is not a postcode', (input) =>
    expect(postcodeDistrict(input)).toBeNull(),
  );
});
